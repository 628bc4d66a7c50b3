/*
 * What leaves the server about a right (contract.ts RightView): the right
 * with its application, profile and organisation by name. Every list and
 * answer of the requester's and approvers' routes is built here, so a field
 * cannot be shown in one place and forgotten in another.
 */
import { type SQL, eq } from "drizzle-orm";
import type { RightView } from "../contract.ts";
import type { Db } from "../../platform/db/database.ts";
import { applications, countries, erns, profiles, providers } from "../catalog/tables.ts";
import { rights } from "./tables.ts";

export function organisationLabel(provider: { code: string; name: string }): string {
  return `${provider.code} - ${provider.name}`;
}

/** The rights joined to their catalogue rows; callers add their conditions, order and paging. */
export function selectRights(db: Db) {
  return db
    .select({
      right: rights,
      applicationName: applications.name,
      profileName: profiles.name,
      ernName: erns.name,
      countryName: countries.name,
      provider: { id: providers.id, code: providers.code, name: providers.name, ernCode: providers.ernCode, countryCode: providers.countryCode },
    })
    .from(rights)
    .innerJoin(applications, eq(applications.id, rights.applicationId))
    .innerJoin(profiles, eq(profiles.id, rights.profileId))
    .innerJoin(providers, eq(providers.id, rights.providerId))
    .innerJoin(erns, eq(erns.code, providers.ernCode))
    .innerJoin(countries, eq(countries.code, providers.countryCode))
    .$dynamic();
}

export type RightRow = Awaited<ReturnType<ReturnType<typeof selectRights>["execute"]>>[number];

export function rightView(row: RightRow): RightView {
  const { right, provider } = row;
  return {
    id: right.id,
    submissionId: right.submissionId,
    application: { id: right.applicationId, name: row.applicationName },
    profile: { id: right.profileId, name: row.profileName },
    organisation: {
      ernCode: provider.ernCode,
      ernName: row.ernName,
      countryCode: provider.countryCode,
      countryName: row.countryName,
      providerId: provider.id,
      providerCode: provider.code,
      providerName: provider.name,
      label: organisationLabel(provider),
    },
    status: right.status,
    comment: right.comment,
    decisionReason: right.decisionReason,
    decidedByName: right.decidedByName,
    requestedAt: right.requestedAt.toISOString(),
    decidedAt: right.decidedAt?.toISOString() ?? null,
    requester: { sub: right.sub, name: right.requesterName, email: right.requesterEmail },
  };
}

export async function findRightViews(db: Db, where: SQL | undefined): Promise<RightView[]> {
  const rows = await selectRights(db).where(where);
  return rows.map(rightView);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs: anything that is not a UUID is simply not found. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
