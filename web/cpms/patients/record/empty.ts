/* A record with nothing known yet, and a record completed from a partial one (every section present). */
import type { PatientRecord } from "../../../../src/cpms/patients/contract.ts";

export function emptyRecord(): PatientRecord {
  return {
    core: {
      status: null,
      dateOfDeath: null,
      firstContact: null,
      onset: null,
      diagnosisAge: null,
      undiagnosed: false,
      biologicalSample: null,
      biobank: "",
      functioning: { icfScore: "", text: "" },
    },
    demographics: { sex: null, birthMonth: null, countryOfResidence: null },
    diagnoses: [],
    phenotypes: [],
    geneticFindings: [],
    familyHistory: { text: "", affectedRelatives: [] },
    clinicalSummary: "",
    attachments: [],
  };
}

/** Labels are the server's (from the terminologies): they are not sent back. */
export function withoutLabels(record: PatientRecord): PatientRecord {
  return {
    ...record,
    diagnoses: record.diagnoses.map(({ orphaLabel: _o, icd10Label: _i, ...diagnosis }) => diagnosis),
    phenotypes: record.phenotypes.map(({ label: _l, ...phenotype }) => phenotype),
  };
}
