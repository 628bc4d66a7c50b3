/*
 * A patient's attachments: added, listed, opened for download, deleted.
 * - a file belongs to one patient: every lookup is by file id AND patient
 *   id, so a file is never reached through another patient's URL;
 * - adding and deleting change the record: each is a new version of it
 *   ("Attachments" in its history), made on the locked patient row, and
 *   refused while consent for care is withdrawn (the record is frozen);
 * - deletion is soft (the row and content stay for the history and the
 *   audit); a consent's signed form is not deleted;
 * - every read and write is audited in its transaction, with the access
 *   policy's reason;
 * - a panel's files (kind "panel_file", attached by members to their
 *   contributions) belong to the patient but not to the record: they are
 *   not listed, opened or deleted here (panels/file-routes.ts serves them).
 */
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import type { Readable } from "node:stream";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import type { PatientAccess } from "../patients/access-policy.ts";
import type { PatientRecord } from "../patients/contract.ts";
import { auditPatient, lockPatient, storeVersion } from "../patients/record-store.ts";
import { consents, patients, patientVersions } from "../patients/tables.ts";
import { WITHDRAWN_MESSAGE } from "../patients/update-record.ts";
import { type FileView, fileView } from "./contract.ts";
import type { KeptFile } from "./keep-file.ts";
import type { ReceivedUpload } from "./receive-upload.ts";
import type { FileStore } from "./store.ts";
import { type AttachmentCategory, files } from "./tables.ts";

const MAX_ATTACHMENTS = 100;

export type AttachmentMeta = { title: string; category: AttachmentCategory };

/** Refuses early, before a file is received, what the locked re-check would refuse anyway. */
export async function checkAttachable(db: Db, patientId: string): Promise<void> {
  const [patient] = await db.select({ consentCare: patients.consentCare }).from(patients).where(eq(patients.id, patientId));
  if (!patient) throw new NotFound();
  if (!patient.consentCare) throw new Conflict(WITHDRAWN_MESSAGE);
}

/** The record's next version with its attachments changed by `change`; returns its number. */
async function reviseAttachments(
  tx: Db,
  user: CpmsUser,
  patient: { id: string; ernCode: string; version: number },
  change: (attachments: string[]) => string[],
  now: Date,
): Promise<number> {
  const [current] = await tx
    .select({ record: patientVersions.record })
    .from(patientVersions)
    .where(and(eq(patientVersions.patientId, patient.id), eq(patientVersions.version, patient.version)));
  const record: PatientRecord = { ...current.record, attachments: change(current.record.attachments) };
  const version = patient.version + 1;
  await storeVersion(tx, patient, version, record, { sub: user.sub, name: user.name }, ["Attachments"], now);
  await tx.update(patients).set({ version, updatedAt: now }).where(eq(patients.id, patient.id));
  return version;
}

export async function addAttachment(
  tx: Db,
  origin: RequestOrigin,
  user: CpmsUser,
  access: PatientAccess,
  received: ReceivedUpload,
  kept: KeptFile,
  meta: AttachmentMeta,
  now = new Date(),
): Promise<{ attachment: FileView; version: number }> {
  const patient = await lockPatient(tx, access.patientId);
  if (!patient) throw new NotFound();
  if (!patient.consentCare) throw new Conflict(WITHDRAWN_MESSAGE);
  const [row] = await tx
    .insert(files)
    .values({
      ownerSub: user.sub,
      ownerName: user.name,
      patientId: patient.id,
      kind: meta.category === "consent_form" ? "consent_form" : "attachment",
      category: meta.category,
      title: meta.title,
      name: received.name,
      type: kept.checked.type,
      size: received.size,
      sha256: received.sha256,
      storageKey: kept.storageKey,
      createdAt: now,
      attachedAt: now,
      attachedBySub: user.sub,
    })
    .returning();
  const version = await reviseAttachments(
    tx,
    user,
    patient,
    (attachments) => {
      if (attachments.length >= MAX_ATTACHMENTS) throw new Conflict(`This record has ${MAX_ATTACHMENTS} attachments, the most it may have. Delete one first.`);
      return [...attachments, row.id];
    },
    now,
  );
  await auditPatient(tx, origin, user, patient.id, "patient.attachment_added", {
    reason: access.reason,
    purpose: "write",
    fileId: row.id,
    name: row.name,
    type: row.type,
    size: row.size,
    sha256: row.sha256,
    version,
  });
  return { attachment: fileView(row), version };
}

export async function listAttachments(tx: Db, origin: RequestOrigin, user: CpmsUser, access: PatientAccess): Promise<FileView[]> {
  const rows = await tx
    .select()
    .from(files)
    .where(and(eq(files.patientId, access.patientId), ne(files.kind, "panel_file"), isNull(files.deletedAt)))
    .orderBy(desc(files.createdAt), desc(files.id));
  await auditPatient(tx, origin, user, access.patientId, "patient.attachments_listed", { reason: access.reason, purpose: "read", count: rows.length });
  return rows.map(fileView);
}

/** The attachment and its content, for download; audited. */
export async function openAttachment(
  tx: Db,
  store: FileStore,
  origin: RequestOrigin,
  user: CpmsUser,
  access: PatientAccess,
  fileId: string,
): Promise<{ file: FileView; content: Readable }> {
  const [row] = await tx
    .select()
    .from(files)
    .where(and(eq(files.id, fileId), eq(files.patientId, access.patientId), ne(files.kind, "panel_file"), isNull(files.deletedAt)));
  if (!row) throw new NotFound();
  const content = await store.get(row.storageKey);
  await auditPatient(tx, origin, user, access.patientId, "patient.attachment_downloaded", {
    reason: access.reason,
    purpose: "read",
    fileId: row.id,
    name: row.name,
  });
  return { file: fileView(row), content };
}

export async function deleteAttachment(
  tx: Db,
  origin: RequestOrigin,
  user: CpmsUser,
  access: PatientAccess,
  fileId: string,
  now = new Date(),
): Promise<{ file: FileView; version: number }> {
  const patient = await lockPatient(tx, access.patientId);
  if (!patient) throw new NotFound();
  if (!patient.consentCare) throw new Conflict(WITHDRAWN_MESSAGE);
  const [row] = await tx
    .select()
    .from(files)
    .where(and(eq(files.id, fileId), eq(files.patientId, patient.id), ne(files.kind, "panel_file"), isNull(files.deletedAt)))
    .for("update");
  if (!row) throw new NotFound();
  const [form] = await tx.select({ id: consents.id }).from(consents).where(eq(consents.formFileId, row.id)).limit(1);
  if (form) throw new Conflict("This file is the signed form of a consent: it stays with the consent.");
  await tx.update(files).set({ deletedAt: now, deletedBySub: user.sub }).where(eq(files.id, row.id));
  const version = await reviseAttachments(tx, user, patient, (attachments) => attachments.filter((id) => id !== row.id), now);
  await auditPatient(tx, origin, user, patient.id, "patient.attachment_deleted", {
    reason: access.reason,
    purpose: "write",
    fileId: row.id,
    name: row.name,
    version,
  });
  return { file: fileView(row), version };
}
