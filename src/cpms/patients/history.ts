/*
 * The record's history (GET /api/patients/:id/history, …/history/:version):
 * every version with who saved it, when and which sections changed, newest
 * first; and one version's whole record. Both are reads of patient data,
 * audited like the record itself.
 */
import { and, desc, eq } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import type { PatientAccess } from "./access-policy.ts";
import type { VersionSummary, VersionView } from "./contract.ts";
import { auditPatient } from "./record-store.ts";
import { patientVersions } from "./tables.ts";

function summary(row: { version: number; at: Date; authorName: string; changes: string[] }): VersionSummary {
  return { version: row.version, at: row.at.toISOString(), authorName: row.authorName, changes: row.changes };
}

export async function listVersions(tx: Db, origin: RequestOrigin, user: CpmsUser, access: PatientAccess): Promise<VersionSummary[]> {
  const rows = await tx
    .select({ version: patientVersions.version, at: patientVersions.at, authorName: patientVersions.authorName, changes: patientVersions.changes })
    .from(patientVersions)
    .where(eq(patientVersions.patientId, access.patientId))
    .orderBy(desc(patientVersions.version));
  await auditPatient(tx, origin, user, access.patientId, "patient.history_read", { reason: access.reason, purpose: "read" });
  return rows.map(summary);
}

export async function readVersion(tx: Db, origin: RequestOrigin, user: CpmsUser, access: PatientAccess, version: number): Promise<VersionView> {
  const [row] = await tx
    .select()
    .from(patientVersions)
    .where(and(eq(patientVersions.patientId, access.patientId), eq(patientVersions.version, version)));
  if (!row) throw new NotFound(`This record has no version ${version}.`);
  await auditPatient(tx, origin, user, access.patientId, "patient.version_read", { reason: access.reason, purpose: "read", version });
  return { version: summary(row), record: row.record };
}
