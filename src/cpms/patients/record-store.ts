/*
 * The record's persistence, bound to the acting user: a change is a new
 * version (never an overwrite) with its author and the sections it touched,
 * the coded side tables follow the current version, and every read and
 * write of a patient leaves an audit event in the same transaction.
 */
import { isDeepStrictEqual } from "node:util";
import { and, desc, eq, sql } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { auditEvents } from "../pg-schema.ts";
import type { ConsentView, PatientRecord, PatientView } from "./contract.ts";
import { consents, patientDiagnoses, patientPhenotypes, patients, patientVersions } from "./tables.ts";

export type Actor = { sub: string; name: string };
export type PatientRow = typeof patients.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * An audit event about a patient: subject = the patient, actor = the user
 * (identity's UUID; another provider's subject goes in the details), with
 * the user's name for the patient's access log.
 */
export async function auditPatient(
  tx: Db,
  origin: RequestOrigin,
  actor: Actor,
  patientId: string,
  type: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await audit(tx, auditEvents, origin, {
    type,
    actorId: isUuid(actor.sub) ? actor.sub : null,
    subjectId: patientId,
    details: { actorName: actor.name, ...(isUuid(actor.sub) ? {} : { actorSub: actor.sub }), ...details },
  });
}

const SECTIONS: [keyof PatientRecord, string][] = [
  ["core", "Core data"],
  ["demographics", "Demographics"],
  ["diagnoses", "Diagnosis"],
  ["phenotypes", "Phenotype"],
  ["geneticFindings", "Genetic findings"],
  ["familyHistory", "Family history"],
  ["clinicalSummary", "Clinical summary"],
  ["attachments", "Attachments"],
];

/** The names of the sections that differ, in the record's order. */
export function changedSections(before: PatientRecord, after: PatientRecord): string[] {
  // Compared as values: jsonb gives the keys back in its own order.
  return SECTIONS.filter(([key]) => !isDeepStrictEqual(before[key], after[key])).map(([, name]) => name);
}

/** Stores `record` as version `version` of the patient and rewrites the coded side tables from it. */
export async function storeVersion(
  tx: Db,
  patient: { id: string; ernCode: string },
  version: number,
  record: PatientRecord,
  actor: Actor,
  changes: string[],
  at: Date,
): Promise<void> {
  await tx.insert(patientVersions).values({ patientId: patient.id, version, record, authorSub: actor.sub, authorName: actor.name, at, changes });
  await tx.delete(patientDiagnoses).where(eq(patientDiagnoses.patientId, patient.id));
  await tx.delete(patientPhenotypes).where(eq(patientPhenotypes.patientId, patient.id));
  if (record.diagnoses.length) {
    await tx.insert(patientDiagnoses).values(
      record.diagnoses.map((diagnosis) => ({
        patientId: patient.id,
        ernCode: patient.ernCode,
        orphaCode: diagnosis.orphaCode,
        icd10Code: diagnosis.icd10Code,
        status: diagnosis.status,
        date: diagnosis.date,
      })),
    );
  }
  if (record.phenotypes.length) {
    await tx
      .insert(patientPhenotypes)
      .values(
        record.phenotypes.map((phenotype) => ({ patientId: patient.id, ernCode: patient.ernCode, hpoCode: phenotype.hpoCode, present: phenotype.present })),
      );
  }
}

/** The patient's row, locked for a change (or null when absent). */
export async function lockPatient(tx: Db, patientId: string): Promise<PatientRow | null> {
  const [row] = await tx.select().from(patients).where(eq(patients.id, patientId)).for("update");
  return row ?? null;
}

export function consentView(row: typeof consents.$inferSelect): ConsentView {
  return {
    id: row.id,
    kind: row.kind,
    given: row.given,
    date: row.date,
    recordedByName: row.recordedByName,
    recordedAt: row.recordedAt.toISOString(),
    formFileId: row.formFileId,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    withdrawnByName: row.withdrawnByName,
    withdrawalReason: row.withdrawalReason,
  };
}

/**
 * The local hospital number is the enrolling HCP's: its enroller and the
 * users holding HP or Panel Manager HCP at that provider in that ERN see it —
 * at the guest entry, which is no hospital, the enroller only.
 */
export function seesLocalNumber(user: CpmsUser, patient: { providerId: string; ernCode: string; enrolledBySub: string }): boolean {
  if (patient.enrolledBySub === user.sub) return true;
  return user.memberships.some(
    (held) =>
      !held.isGuest &&
      held.providerId === patient.providerId &&
      held.ernCode === patient.ernCode &&
      (held.profile === "HP" || held.profile === "Panel Manager HCP"),
  );
}

/** The whole current record as `user` may see it (seesLocalNumber). */
export async function patientView(tx: Db, patientId: string, user: CpmsUser, access?: { canWrite: boolean }): Promise<PatientView> {
  const [row] = await tx
    .select({ patient: patients, record: patientVersions.record })
    .from(patients)
    .innerJoin(patientVersions, and(eq(patientVersions.patientId, patients.id), eq(patientVersions.version, patients.version)))
    .where(eq(patients.id, patientId));
  const consentRows = await tx
    .select()
    .from(consents)
    .where(eq(consents.patientId, patientId))
    .orderBy(desc(consents.recordedAt), desc(sql`${consents.withdrawnAt} is null`));
  const { patient, record } = row;
  return {
    id: patient.id,
    pseudonym: patient.pseudonym,
    ernCode: patient.ernCode,
    provider: { id: patient.providerId, code: patient.providerCode, name: patient.providerName },
    enrolledByName: patient.enrolledByName,
    enrolledAt: patient.createdAt.toISOString(),
    updatedAt: patient.updatedAt.toISOString(),
    version: patient.version,
    localNumber: seesLocalNumber(user, patient) ? patient.localNumber : null,
    isEnroller: patient.enrolledBySub === user.sub,
    // Without the policy's answer (just enrolled), the user is the enroller.
    canWrite: access ? access.canWrite : patient.enrolledBySub === user.sub,
    consentCare: patient.consentCare,
    withdrawn: patient.withdrawn,
    research: { contactAgreement: patient.consentResearch, dataReuse: patient.consentRegistries },
    consents: consentRows.map(consentView),
    record,
  };
}
