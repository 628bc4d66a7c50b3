/*
 * A change to the record (PUT /api/patients/:id/record) becomes the next
 * version:
 * - only while consent for care stands (no clinical data without it);
 * - only from the version the user edited: the row is locked and its
 *   version compared, so of two people saving at once the second is told
 *   (409) who changed it meanwhile, and nothing of theirs is lost silently;
 * - the record passes validate-record.ts; new attachments are claimed;
 * - a save that changes nothing makes no version.
 */
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import type { PatientAccess } from "./access-policy.ts";
import { claimFiles } from "./claim-files.ts";
import type { RecordUpdate } from "./contract.ts";
import { auditPatient, changedSections, lockPatient, storeVersion } from "./record-store.ts";
import { and, eq } from "drizzle-orm";
import { patients, patientVersions } from "./tables.ts";
import { validateRecord } from "./validate-record.ts";

export const WITHDRAWN_MESSAGE = "The patient's consent for care is withdrawn: the record cannot be changed until consent for care is recorded again.";

function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Stores the update; returns the version now current and the sections it changed. */
export async function updateRecord(
  tx: Db,
  origin: RequestOrigin,
  user: CpmsUser,
  access: PatientAccess,
  body: RecordUpdate,
  now = new Date(),
): Promise<{ version: number; changes: string[] }> {
  const patient = await lockPatient(tx, access.patientId);
  if (!patient) throw new NotFound();
  if (!patient.consentCare) throw new Conflict(WITHDRAWN_MESSAGE);
  const [current] = await tx
    .select()
    .from(patientVersions)
    .where(and(eq(patientVersions.patientId, patient.id), eq(patientVersions.version, patient.version)));
  if (body.version !== patient.version) {
    throw new Conflict(
      `${current.authorName} changed this record at ${formatTime(current.at)} (version ${patient.version}) since you opened version ${body.version}. Reload it to see their changes, then make yours again.`,
    );
  }
  const record = await validateRecord(tx, body.record, { now });
  const actor = { sub: user.sub, name: user.name };
  const added = record.attachments.filter((fileId) => !current.record.attachments.includes(fileId));
  await claimFiles(
    tx,
    actor,
    patient.id,
    added.map((fileId) => ({ field: `record.attachments.${record.attachments.indexOf(fileId)}`, fileId })),
    now,
  );
  const changes = changedSections(current.record, record);
  const audited = { reason: access.reason, purpose: "write" };
  if (changes.length === 0) {
    await auditPatient(tx, origin, actor, patient.id, "patient.record_updated", { ...audited, version: patient.version, changes });
    return { version: patient.version, changes };
  }
  const version = patient.version + 1;
  await storeVersion(tx, patient, version, record, actor, changes, now);
  await tx.update(patients).set({ version, updatedAt: now }).where(eq(patients.id, patient.id));
  await auditPatient(tx, origin, actor, patient.id, "patient.record_updated", { ...audited, version, changes });
  return { version, changes };
}
