/*
 * The approvers' queue: the rights an approver may decide (scope.ts), with
 * filters, paging and the oldest first.
 * - "pending" (the default) is requested and deletion requested; a
 *   deletion request is as old as the request to delete, not the right;
 * - the age is in business hours (business-hours.ts) against the target
 *   (ACCESS_APPROVAL_TARGET_HOURS): pending rights beyond it are overdue;
 *   "olderThanHours" filters on that age, turned into an instant so that
 *   the database pages;
 * - the filter choices are those within the approver's scope.
 */
import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { ApprovalQueue, ApprovalRow } from "../contract.ts";
import type { Db } from "../../platform/db/database.ts";
import { applications, countries, erns, profiles, providers } from "../catalog/tables.ts";
import { type RightStatus, rights } from "../requests/tables.ts";
import { type RightRow, rightView, selectRights } from "../requests/views.ts";
import { businessHoursBefore, businessHoursBetween } from "./business-hours.ts";
import { type ApproverScope, decidableBy } from "./scope.ts";

export const QUEUE_STATUSES = ["pending", "requested", "deletion_requested", "granted", "rejected", "withdrawn", "revoked", "all"] as const;
export type QueueFilters = {
  status?: (typeof QUEUE_STATUSES)[number];
  ern?: string;
  country?: string;
  profile?: string;
  application?: string;
  olderThanHours?: number;
  search?: string;
  page?: number;
  perPage?: number;
};

const PENDING: RightStatus[] = ["requested", "deletion_requested"];

/** Since when a right waits for a decision: its deletion request, or its request. */
const pendingSince = sql<Date>`case when ${rights.status} = 'deletion_requested' then ${rights.updatedAt} else ${rights.requestedAt} end`;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditions(scope: ApproverScope, sub: string, filters: QueueFilters, now: Date): SQL {
  const status = filters.status ?? "pending";
  const where: (SQL | undefined)[] = [decidableBy(scope, sub)];
  if (status === "pending") where.push(inArray(rights.status, PENDING));
  else if (status !== "all") where.push(eq(rights.status, status));
  if (filters.ern) where.push(eq(providers.ernCode, filters.ern));
  if (filters.country) where.push(eq(providers.countryCode, filters.country));
  if (filters.profile) where.push(eq(rights.profileId, filters.profile));
  if (filters.application) where.push(eq(rights.applicationId, filters.application));
  if (filters.olderThanHours !== undefined) where.push(sql`${pendingSince} <= ${businessHoursBefore(now, filters.olderThanHours).toISOString()}::timestamptz`);
  const search = filters.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    where.push(or(ilike(rights.requesterName, pattern), ilike(rights.requesterEmail, pattern), ilike(providers.name, pattern), ilike(providers.code, pattern)));
  }
  return and(...where) as SQL;
}

export function approvalRow(row: RightRow, now: Date, targetHours: number): ApprovalRow {
  const { right } = row;
  const isPending = PENDING.includes(right.status);
  const since = right.status === "deletion_requested" ? right.updatedAt : right.requestedAt;
  const until = isPending ? now : (right.decidedAt ?? right.updatedAt);
  const ageHours = Math.round(businessHoursBetween(since, until) * 10) / 10;
  return { ...rightView(row), ageHours, overdue: isPending && ageHours > targetHours };
}

export async function listQueue(
  db: Db,
  scope: ApproverScope,
  sub: string,
  filters: QueueFilters,
  options: { now: Date; targetHours: number },
): Promise<ApprovalQueue> {
  const page = filters.page ?? 1;
  const perPage = filters.perPage ?? 25;
  const where = conditions(scope, sub, filters, options.now);
  const rows = await selectRights(db)
    .where(where)
    .orderBy(asc(pendingSince), asc(rights.id))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const [{ total }] = await db.select({ total: count() }).from(rights).innerJoin(providers, eq(providers.id, rights.providerId)).where(where);
  return {
    rows: rows.map((row) => approvalRow(row, options.now, options.targetHours)),
    total,
    page,
    perPage,
    targetHours: options.targetHours,
    filters: await filterChoices(db, scope),
  };
}

async function filterChoices(db: Db, scope: ApproverScope): Promise<ApprovalQueue["filters"]> {
  const ernCodes = scope.erns.map((ern) => ern.code);
  const ernChoices = scope.global
    ? await db.select({ code: erns.code, name: erns.name }).from(erns).orderBy(asc(erns.code))
    : scope.erns.map(({ code, name }) => ({ code, name }));
  const countryChoices = await db
    .selectDistinct({ code: countries.code, name: countries.name })
    .from(providers)
    .innerJoin(countries, eq(countries.code, providers.countryCode))
    .where(scope.global ? undefined : inArray(providers.ernCode, ernCodes.length ? ernCodes : [""]))
    .orderBy(asc(countries.name));
  const profileChoices = await db
    .select({ id: profiles.id, name: profiles.name, application: applications.name })
    .from(profiles)
    .innerJoin(applications, eq(applications.id, profiles.applicationId))
    .orderBy(asc(applications.sortOrder), asc(applications.name), asc(profiles.sortOrder), asc(profiles.name));
  return { erns: ernChoices, countries: countryChoices, profiles: profileChoices };
}
