/*
 * Enrolment (POST /api/patients):
 * - only as an HP of the chosen healthcare provider in the chosen ERN;
 * - consent for care given, on a real day not in the future: without it
 *   nothing is saved — no clinical data exists before consent for care;
 * - the record (optional at this point) passes validate-record.ts;
 * - CPMS issues the pseudonym; the local hospital number stays with the row,
 *   shown to the enroller only;
 * - the patient, the consent, version 1, the claimed files and the audit
 *   event are written in one transaction.
 */
import { eq } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Forbidden, InvalidField } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { claimFiles } from "./claim-files.ts";
import type { NewPatient } from "./contract.ts";
import { checkConsentDate } from "./consent-rules.ts";
import { issuePseudonym } from "./pseudonym.ts";
import { auditPatient, storeVersion } from "./record-store.ts";
import { consents, patients } from "./tables.ts";
import { validateRecord } from "./validate-record.ts";

export async function enrolPatient(tx: Db, origin: RequestOrigin, user: CpmsUser, body: NewPatient, now = new Date()): Promise<string> {
  const membership = user.memberships.find((held) => held.profile === "HP" && held.ernCode === body.ernCode && held.providerId === body.providerId);
  if (!membership) {
    throw new Forbidden("You can enrol patients only where you hold the HP profile: choose your healthcare provider in that ERN.");
  }
  if (!body.consent.given) {
    throw new InvalidField("consent.given", "A patient is enrolled only with their consent for care: record the signed consent first.");
  }
  checkConsentDate("consent.date", body.consent.date, now);
  const record = await validateRecord(tx, body.record ?? {}, { now });

  let pseudonym = issuePseudonym(body.ernCode);
  while ((await tx.select({ id: patients.id }).from(patients).where(eq(patients.pseudonym, pseudonym))).length) pseudonym = issuePseudonym(body.ernCode);

  const actor = { sub: user.sub, name: user.name };
  const [patient] = await tx
    .insert(patients)
    .values({
      pseudonym,
      ernCode: membership.ernCode,
      providerId: membership.providerId,
      providerCode: membership.providerCode,
      providerName: membership.providerName,
      enrolledBySub: user.sub,
      enrolledByName: user.name,
      localNumber: body.localNumber?.trim() || null,
      consentCare: true,
      withdrawn: false,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const formFileId = body.consent.formFileId ?? null;
  await claimFiles(tx, actor, patient.id, [
    ...(formFileId ? [{ field: "consent.formFileId", fileId: formFileId }] : []),
    ...record.attachments.map((fileId, index) => ({ field: `record.attachments.${index}`, fileId })),
  ]);
  await tx.insert(consents).values({
    patientId: patient.id,
    kind: "care",
    given: true,
    date: body.consent.date,
    recordedBySub: user.sub,
    recordedByName: user.name,
    recordedAt: now,
    formFileId: formFileId?.toLowerCase() ?? null,
  });
  await storeVersion(tx, patient, 1, record, actor, ["Enrolment"], now);
  await auditPatient(tx, origin, actor, patient.id, "patient.enrolled", {
    pseudonym,
    ernCode: patient.ernCode,
    providerId: patient.providerId,
    reason: "enroller",
    purpose: "write",
  });
  return patient.id;
}
