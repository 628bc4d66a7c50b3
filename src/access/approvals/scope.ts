/*
 * Who approves what, in one place (default deny):
 * - the approvers that operators named (`opencpms approvers`), matched by
 *   the signed-in user's e-mail, case-insensitively: an ERN's coordinators
 *   and helpdesk approve that ERN, the global helpdesk approves any;
 * - the holders of a profile that `approves` (CPMS's Coordinator) approve
 *   the ERN of the provider they hold it at — granted, or with its removal
 *   asked for, which they keep until an approver decides;
 * - nobody decides their own rights: every query of the queue and every
 *   decision excludes the approver's own `sub`.
 */
import { and, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { erns, profiles, providers } from "../catalog/tables.ts";
import { HELD_STATUSES, rights } from "../requests/tables.ts";
import { approvers } from "./tables.ts";

export type ApproverRole = "coordinator" | "helpdesk";
export type ApproverScope = { global: boolean; erns: { code: string; name: string; role: ApproverRole }[] };
type Who = { sub: string; email: string | null };

/** The approver's scope, or null when they approve nothing. */
export async function approverScope(db: Db, who: Who): Promise<ApproverScope | null> {
  const named = who.email
    ? await db
        .select({ ernCode: approvers.ernCode, ernName: erns.name, role: approvers.role })
        .from(approvers)
        .leftJoin(erns, eq(erns.code, approvers.ernCode))
        .where(eq(sql`lower(${approvers.email})`, who.email.toLowerCase()))
    : [];
  const holding = await db
    .selectDistinct({ ernCode: erns.code, ernName: erns.name })
    .from(rights)
    .innerJoin(profiles, eq(profiles.id, rights.profileId))
    .innerJoin(providers, eq(providers.id, rights.providerId))
    .innerJoin(erns, eq(erns.code, providers.ernCode))
    .where(and(eq(rights.sub, who.sub), inArray(rights.status, HELD_STATUSES), eq(profiles.approves, true)));

  const byCode = new Map<string, { code: string; name: string; role: ApproverRole }>();
  for (const row of named) if (row.ernCode) byCode.set(row.ernCode, { code: row.ernCode, name: row.ernName ?? row.ernCode, role: row.role });
  for (const row of holding) if (!byCode.has(row.ernCode)) byCode.set(row.ernCode, { code: row.ernCode, name: row.ernName, role: "coordinator" });
  const global = named.some((row) => row.ernCode === null);
  if (!global && byCode.size === 0) return null;
  return { global, erns: [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code)) };
}

export function coversErn(scope: ApproverScope | null, ernCode: string): boolean {
  return scope !== null && (scope.global || scope.erns.some((ern) => ern.code === ernCode));
}

/** The rights an approver may see and decide: in their ERNs (any for the global helpdesk), never their own. Needs `providers` joined. */
export function decidableBy(scope: ApproverScope, sub: string): SQL {
  const notOwn = ne(rights.sub, sub);
  if (scope.global) return notOwn;
  return and(
    notOwn,
    inArray(
      providers.ernCode,
      scope.erns.map((ern) => ern.code),
    ),
  ) as SQL;
}
