/*
 * Reading requests for assistance, and who may:
 * - the ERN's handlers are its Coordinators and Dispatchers; they see the
 *   ERN's queue (oldest waiting request first) and each of its requests;
 * - the requester sees their own requests;
 * - anyone else — a coordinator of another ERN too — gets 404 "Not found
 *   or no access.", never learning that a request exists.
 * A request shows no record data: the pseudonym, the question and what the
 * panel will share.
 */
import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { members, memberships } from "../authorizations/tables.ts";
import type { Recipient } from "../notifications/notify.ts";
import { isUuid } from "../patients/record-store.ts";
import type { AssistanceRequestView } from "./contract.ts";
import type { QueueFilters } from "./schemas.ts";
import { assistanceRequests, REQUEST_STATUSES, type RequestStatus } from "./tables.ts";

export type RequestRow = typeof assistanceRequests.$inferSelect;

export const HANDLER_PROFILES = ["Coordinator", "Dispatcher"] as const;
export const PER_PAGE = 25;
const NOT_FOUND = "Not found or no access.";

/** The user is a Coordinator or a Dispatcher of the ERN. */
export function handlesRequestsOf(user: CpmsUser, ernCode: string): boolean {
  return user.memberships.some((m) => m.ernCode === ernCode && (HANDLER_PROFILES as readonly string[]).includes(m.profile));
}

export function requestView(row: RequestRow, now = new Date()): AssistanceRequestView {
  return {
    id: row.id,
    reference: row.reference,
    ernCode: row.ernCode,
    patientId: row.patientId,
    pseudonym: row.pseudonym,
    requesterName: row.requesterName,
    requesterProviderLabel: row.requesterProviderLabel,
    requesterIsGuest: row.requesterIsGuest,
    question: row.question,
    thematicAreaId: row.thematicAreaId,
    thematicAreaName: row.thematicAreaName,
    urgency: row.urgency,
    dueDate: row.dueDate,
    sharedSections: row.sharedSections,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    ageHours: Math.max(0, Math.floor((now.getTime() - row.createdAt.getTime()) / 3_600_000)),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedByName: row.decidedByName,
    declineReason: row.declineReason,
    assignedLeadName: row.assignedLeadName,
    panelId: row.panelId,
  };
}

/**
 * The request, for its requester or a handler of its ERN (404 otherwise);
 * `lock` takes the row for a decision, so two decisions do not cross.
 */
export async function requireRequest(db: Db, user: CpmsUser, id: string, options: { lock?: boolean } = {}): Promise<{ row: RequestRow; isHandler: boolean }> {
  if (!isUuid(id)) throw new NotFound(NOT_FOUND);
  const query = db.select().from(assistanceRequests).where(eq(assistanceRequests.id, id));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw new NotFound(NOT_FOUND);
  const isHandler = handlesRequestsOf(user, row.ernCode);
  if (!isHandler && row.requesterSub !== user.sub) throw new NotFound(NOT_FOUND);
  return { row, isHandler };
}

export async function myRequests(db: Db, user: CpmsUser): Promise<AssistanceRequestView[]> {
  const rows = await db
    .select()
    .from(assistanceRequests)
    .where(eq(assistanceRequests.requesterSub, user.sub))
    .orderBy(desc(assistanceRequests.createdAt))
    .limit(200);
  const now = new Date();
  return rows.map((row) => requestView(row, now));
}

export type Queue = { rows: AssistanceRequestView[]; total: number; page: number; perPage: number; counts: Record<RequestStatus, number> };

/**
 * The ERN's requests for its handlers: of one status, or all (the waiting
 * ones first); waiting requests oldest first — the longest wait is on top —
 * the decided ones newest first.
 */
export async function ernQueue(db: Db, user: CpmsUser, ernCode: string, filters: QueueFilters): Promise<Queue> {
  if (!handlesRequestsOf(user, ernCode)) throw new NotFound(NOT_FOUND);
  const page = filters.page ?? 1;
  const ofErn = eq(assistanceRequests.ernCode, ernCode);
  const where = filters.status ? and(ofErn, eq(assistanceRequests.status, filters.status)) : ofErn;
  const waitingFirst: SQL[] =
    filters.status === "submitted"
      ? [asc(assistanceRequests.createdAt)]
      : [
          sql`(${assistanceRequests.status} = 'submitted') desc`,
          sql`case when ${assistanceRequests.status} = 'submitted' then ${assistanceRequests.createdAt} end asc`,
          desc(assistanceRequests.createdAt),
        ];
  const [rows, perStatus] = await Promise.all([
    db
      .select()
      .from(assistanceRequests)
      .where(where)
      .orderBy(...waitingFirst, asc(assistanceRequests.id))
      .limit(PER_PAGE)
      .offset((page - 1) * PER_PAGE),
    db.select({ status: assistanceRequests.status, n: count() }).from(assistanceRequests).where(ofErn).groupBy(assistanceRequests.status),
  ]);
  const counts = Object.fromEntries(REQUEST_STATUSES.map((status) => [status, 0])) as Record<RequestStatus, number>;
  for (const { status, n } of perStatus) counts[status] = n;
  const total = filters.status ? counts[filters.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  const now = new Date();
  return { rows: rows.map((row) => requestView(row, now)), total, page, perPage: PER_PAGE, counts };
}

/** The ERN's Coordinators and Dispatchers, to be told of a new request. */
export async function handlersOf(db: Db, ernCode: string): Promise<Recipient[]> {
  return db
    .selectDistinct({ sub: members.sub, email: members.email })
    .from(memberships)
    .innerJoin(members, eq(members.sub, memberships.sub))
    .where(and(eq(memberships.ernCode, ernCode), inArray(memberships.profile, [...HANDLER_PROFILES])));
}
