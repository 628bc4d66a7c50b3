/*
 * Consents after enrolment (POST /api/patients/:id/consents, …/withdraw):
 * - one standing consent per kind (and the database's partial unique index
 *   behind it): to change one, withdraw it and record the new one;
 * - consent for care, once withdrawn, can be recorded again (given); until
 *   then no other consent is recorded and the record is frozen;
 * - withdrawing care hides the record from everyone but the enrolling HCP
 *   and stops research use (the patient's flags, consent-rules.ts);
 * - a withdrawal keeps the consent, stamped with who, when and why.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, InvalidField, NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import type { PatientAccess } from "./access-policy.ts";
import { claimFiles } from "./claim-files.ts";
import type { ConsentKind, NewConsent } from "./contract.ts";
import { checkConsentDate, consentFlags } from "./consent-rules.ts";
import { auditPatient, lockPatient } from "./record-store.ts";
import { consents, patients } from "./tables.ts";

const NAMES: Record<ConsentKind, string> = {
  care: "consent for care",
  registries: "consent to ERN databases and registries",
  research: "consent to be contacted for research",
};

export function consentName(kind: ConsentKind): string {
  return NAMES[kind];
}

async function refreshFlags(tx: Db, patientId: string, now: Date): Promise<void> {
  const standing = await tx
    .select({ kind: consents.kind, given: consents.given })
    .from(consents)
    .where(and(eq(consents.patientId, patientId), isNull(consents.withdrawnAt)));
  await tx
    .update(patients)
    .set({ ...consentFlags(standing), updatedAt: now })
    .where(eq(patients.id, patientId));
}

export async function recordConsent(tx: Db, origin: RequestOrigin, user: CpmsUser, access: PatientAccess, body: NewConsent, now = new Date()) {
  const patient = await lockPatient(tx, access.patientId);
  if (!patient) throw new NotFound();
  checkConsentDate("date", body.date, now);
  if (body.kind === "care" && !body.given) {
    throw new InvalidField("given", "Consent for care is recorded once the patient gives it; a refusal is a withdrawal.");
  }
  if (body.kind !== "care" && !patient.consentCare) {
    throw new Conflict("The patient's consent for care is withdrawn: record it again before any other consent.");
  }
  const [standing] = await tx
    .select({ id: consents.id })
    .from(consents)
    .where(and(eq(consents.patientId, patient.id), eq(consents.kind, body.kind), isNull(consents.withdrawnAt)));
  if (standing) throw new Conflict(`The ${NAMES[body.kind]} is already recorded: withdraw it first to record a new one.`);
  const actor = { sub: user.sub, name: user.name };
  const formFileId = body.formFileId?.toLowerCase() ?? null;
  if (formFileId) await claimFiles(tx, actor, patient.id, [{ field: "formFileId", fileId: formFileId }], now);
  const [consent] = await tx
    .insert(consents)
    .values({
      patientId: patient.id,
      kind: body.kind,
      given: body.given,
      date: body.date,
      recordedBySub: user.sub,
      recordedByName: user.name,
      recordedAt: now,
      formFileId,
    })
    .returning();
  await refreshFlags(tx, patient.id, now);
  await auditPatient(tx, origin, actor, patient.id, "patient.consent_recorded", {
    reason: access.reason,
    purpose: "write",
    kind: body.kind,
    given: body.given,
    consentId: consent.id,
  });
  return consent;
}

export async function withdrawConsent(
  tx: Db,
  origin: RequestOrigin,
  user: CpmsUser,
  access: PatientAccess,
  kind: ConsentKind,
  reason: string,
  now = new Date(),
) {
  if (!reason.trim()) throw new InvalidField("reason", "Give the reason for the withdrawal.");
  const patient = await lockPatient(tx, access.patientId);
  if (!patient) throw new NotFound();
  const [standing] = await tx
    .select({ id: consents.id })
    .from(consents)
    .where(and(eq(consents.patientId, patient.id), eq(consents.kind, kind), isNull(consents.withdrawnAt)));
  if (!standing) throw new Conflict(`There is no ${NAMES[kind]} to withdraw.`);
  const [consent] = await tx
    .update(consents)
    .set({ withdrawnAt: now, withdrawnBySub: user.sub, withdrawnByName: user.name, withdrawalReason: reason.trim() })
    .where(eq(consents.id, standing.id))
    .returning();
  await refreshFlags(tx, patient.id, now);
  await auditPatient(tx, origin, { sub: user.sub, name: user.name }, patient.id, "patient.consent_withdrawn", {
    reason: access.reason,
    purpose: "write",
    kind,
    consentId: consent.id,
    withdrawalReason: reason.trim(),
  });
  return consent;
}
