/*
 * The patient record.
 *
 * patients: one row per enrolled patient — the pseudonym CPMS issues
 * ("EURACAN-7K3Q9F", unique, random), the ERN and healthcare provider that
 * enrolled them, the enroller, the local hospital number (shown only to the
 * enroller), the consent flags the access policy and the lists filter on,
 * and the number of the current version.
 *
 * patient_versions: the whole record (contract PatientRecord) as it was
 * after each change — every change is a new row, nothing is overwritten.
 *
 * consents: care, registries, research — each given (or refused) on a date,
 * recorded by someone, with the signed form (an uploaded file's id); a
 * withdrawal keeps the row and stamps it. At most one standing consent per
 * patient and kind.
 *
 * patient_diagnoses and patient_phenotypes: the coded parts of the current
 * version, rewritten with each version, for the list's filters (indexed by
 * ERN and code).
 */
import { sql } from "drizzle-orm";
import { bigserial, boolean, check, date, index, integer, jsonb, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { PatientRecord } from "./contract.ts";
import { cpmsSchema } from "../pg-schema.ts";

export const CONSENT_KINDS = ["care", "registries", "research"] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const DIAGNOSIS_STATUSES = ["suspected", "confirmed"] as const;

export const patients = cpmsSchema.table(
  "patients",
  {
    id: uuid().primaryKey().defaultRandom(),
    pseudonym: text().notNull(),
    ernCode: text().notNull(),
    providerId: uuid().notNull(),
    providerCode: text().notNull(),
    providerName: text().notNull(),
    enrolledBySub: text().notNull(),
    enrolledByName: text().notNull(),
    /** The hospital's own number for the patient: only the enroller sees it. */
    localNumber: text(),
    /** Consent for care stands (given and not withdrawn). */
    consentCare: boolean().notNull().default(true),
    /** Consent for care was withdrawn: only the enrolling HCP still sees the record. */
    withdrawn: boolean().notNull().default(false),
    /** Consent to be contacted for research stands. */
    consentResearch: boolean().notNull().default(false),
    /** Consent to ERN databases and registries stands. */
    consentRegistries: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("patients_pseudonym_unique").on(t.pseudonym),
    index().on(t.ernCode, t.createdAt),
    index().on(t.providerId, t.createdAt),
    index().on(t.enrolledBySub),
    check("patients_version_positive", sql`${t.version} >= 1`),
  ],
);

export const patientVersions = cpmsSchema.table(
  "patient_versions",
  {
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    record: jsonb().$type<PatientRecord>().notNull(),
    authorSub: text().notNull(),
    authorName: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** What changed, section by section ("Diagnosis", "Phenotype", …), for the history. */
    changes: jsonb().$type<string[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.version] })],
);

export const consents = cpmsSchema.table(
  "consents",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    kind: text({ enum: CONSENT_KINDS }).notNull(),
    given: boolean().notNull(),
    /** The day the patient signed (or refused). */
    date: date({ mode: "string" }).notNull(),
    recordedBySub: text().notNull(),
    recordedByName: text().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The signed form: an uploaded file's id. */
    formFileId: uuid(),
    withdrawnAt: timestamp({ withTimezone: true }),
    withdrawnBySub: text(),
    withdrawnByName: text(),
    withdrawalReason: text(),
  },
  (t) => [uniqueIndex("consents_standing_unique").on(t.patientId, t.kind).where(sql`${t.withdrawnAt} is null`), index().on(t.patientId, t.recordedAt)],
);

export const patientDiagnoses = cpmsSchema.table(
  "patient_diagnoses",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    ernCode: text().notNull(),
    /** "ORPHA:558" */
    orphaCode: text(),
    /** "C49.9" */
    icd10Code: text(),
    status: text({ enum: DIAGNOSIS_STATUSES }).notNull(),
    date: date({ mode: "string" }),
  },
  (t) => [
    index().on(t.ernCode, t.orphaCode, t.patientId),
    index().on(t.ernCode, t.icd10Code, t.patientId),
    index().on(t.patientId),
    check("patient_diagnoses_coded", sql`${t.orphaCode} is not null or ${t.icd10Code} is not null`),
  ],
);

export const patientPhenotypes = cpmsSchema.table(
  "patient_phenotypes",
  {
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    ernCode: text().notNull(),
    /** "HP:0001250" */
    hpoCode: text().notNull(),
    present: boolean().notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.hpoCode] }), index().on(t.ernCode, t.hpoCode, t.present, t.patientId)],
);
