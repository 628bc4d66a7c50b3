/* The record as sent back: the terminologies' labels are the server's, not the user's. */
import type { PatientRecord } from "../../../../src/cpms/patients/contract.ts";

/** Labels are the server's (from the terminologies): they are not sent back. */
export function withoutLabels(record: PatientRecord): PatientRecord {
  return {
    ...record,
    diagnoses: record.diagnoses.map(({ orphaLabel: _o, icd10Label: _i, ...diagnosis }) => diagnosis),
    phenotypes: record.phenotypes.map(({ label: _l, ...phenotype }) => phenotype),
  };
}
