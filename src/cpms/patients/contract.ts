/*
 * The shapes the patient record API answers with and takes, shared by its
 * routes and its web pages (types only). Every route needs a signed-in CPMS
 * member; a patient the user may not see is 404 "Not found or no access.".
 * Errors are problem+json with `detail` for the user and `errors[]` per field,
 * the field named as a path into the body ("record.diagnoses.0.orphaCode").
 *
 * The record's core is the EU "Set of Common Data Elements for Rare Diseases
 * Registration"; the sections after it are CPMS's. Dates are "YYYY-MM-DD",
 * months "YYYY-MM"; every field may be empty (null, [] or "") until known.
 */

export type ConsentKind = "care" | "registries" | "research";
export type Sex = "female" | "male" | "undetermined" | "unknown";
export type VitalStatus = "alive" | "dead" | "lost_to_follow_up" | "opted_out";
export type DiagnosisStatus = "suspected" | "confirmed";
export type VariantClassification = "pathogenic" | "likely_pathogenic" | "uncertain_significance" | "likely_benign" | "benign";
export type Relation = "mother" | "father" | "sibling" | "child" | "grandparent" | "aunt_uncle" | "cousin" | "other";

/** Age at onset, or at diagnosis (CDE 5.1, 5.2): a date, or one of the special values. */
export type AgeAt = { kind: "antenatal" | "at_birth" | "undetermined" } | { kind: "date"; date: string };

/** The Common Data Elements not held in a section below (pseudonym, sex and birth are elsewhere). */
export type CoreElements = {
  status: VitalStatus | null;
  /** Only with status "dead"; not before birth, not in the future. */
  dateOfDeath: string | null;
  /** First contact with the centre. */
  firstContact: string | null;
  onset: AgeAt | null;
  diagnosisAge: AgeAt | null;
  /** An undiagnosed case: described by its HPO terms (phenotype) and genetic findings. */
  undiagnosed: boolean;
  /** A biological sample was taken. */
  biologicalSample: boolean | null;
  /** Link to a biobank: its URL or identifier. */
  biobank: string;
  /** Functioning / disability: an ICF-based score and/or words. */
  functioning: { icfScore: string; text: string };
};

export type Demographics = {
  sex: Sex | null;
  /** Year and month of birth "YYYY-MM" (the CDE's date of birth, kept to the month). */
  birthMonth: string | null;
  /** ISO 3166-1 alpha-2, "FR". */
  countryOfResidence: string | null;
};

/** At least one of orphaCode and icd10Code; labels are filled in by the server from the terminologies. */
export type Diagnosis = {
  status: DiagnosisStatus;
  /** "ORPHA:558" */
  orphaCode: string | null;
  orphaLabel?: string;
  /** "C49.9" */
  icd10Code: string | null;
  icd10Label?: string;
  date: string | null;
};

export type Phenotype = {
  /** "HP:0001250" */
  hpoCode: string;
  label?: string;
  present: boolean;
};

export type GeneticFinding = {
  /** HGNC symbol, "TP53". */
  gene: string;
  /** HGVS, "NM_000546.6:c.215C>G". */
  variant: string;
  classification: VariantClassification;
};

export type FamilyHistory = {
  text: string;
  affectedRelatives: { relation: Relation; condition: string }[];
};

/** The record as stored in a version and answered; what PUT …/record and enrolment take (labels are ignored on input). */
export type PatientRecord = {
  core: CoreElements;
  demographics: Demographics;
  diagnoses: Diagnosis[];
  phenotypes: Phenotype[];
  geneticFindings: GeneticFinding[];
  familyHistory: FamilyHistory;
  /** Rich text as plain text with a little Markdown-like markup (paragraphs, "- " lists, **bold**, *italic*), shown as text, never as HTML. */
  clinicalSummary: string;
  /** Uploaded files' ids (attachments API). */
  attachments: string[];
};

export type ConsentView = {
  id: string;
  kind: ConsentKind;
  given: boolean;
  date: string;
  recordedByName: string;
  recordedAt: string;
  formFileId: string | null;
  withdrawnAt: string | null;
  withdrawnByName: string | null;
  withdrawalReason: string | null;
};

/**
 * GET /api/patients/:id → { patient: PatientView } (audited "patient.read").
 * PUT /api/patients/:id/record → { patient, message }.
 * POST /api/patients → 201 { patient, message }.
 */
export type PatientView = {
  id: string;
  /** "EURACAN-7K3Q9F" */
  pseudonym: string;
  ernCode: string;
  provider: { id: string; code: string; name: string };
  enrolledByName: string;
  enrolledAt: string;
  updatedAt: string;
  /** The current version: send it back with PUT …/record. */
  version: number;
  /** The hospital number: only for the enrolling HCP — the enroller, and HPs and Panel Managers HCP of that provider in that ERN (null for everyone else). */
  localNumber: string | null;
  isEnroller: boolean;
  /** The user may change the record, its consents and attachments, and share it (the enrolling HCP's HPs): the server decides, the page follows. */
  canWrite: boolean;
  /** Consent for care stands. */
  consentCare: boolean;
  /** Consent for care was withdrawn: the record is frozen and hidden from all but the enroller. */
  withdrawn: boolean;
  /** CDE 7.1 "agreement to be contacted for research" and 7.2 "consent to reuse of data", from the consents. */
  research: { contactAgreement: boolean; dataReuse: boolean };
  /** The standing consents and the withdrawn ones, newest first. */
  consents: ConsentView[];
  record: PatientRecord;
};

/**
 * POST /api/patients. The user must hold the HP profile at that provider in
 * that ERN. consent is the consent for care and must be given: without it
 * nothing is saved (400, field "consent.given"). record may be omitted (an
 * empty record) or partial.
 */
export type NewPatient = {
  ernCode: string;
  providerId: string;
  localNumber?: string;
  consent: { given: boolean; date: string; formFileId?: string | null };
  record?: Partial<PatientRecord>;
};

/** PUT /api/patients/:id/record: the version edited; a stale one is 409. */
export type RecordUpdate = { version: number; record: PatientRecord };

/** GET /api/patients/:id/history → { versions: VersionSummary[] }, newest first (audited "patient.history_read"). */
export type VersionSummary = {
  version: number;
  at: string;
  authorName: string;
  /** Section names that changed: "Enrolment", "Core data", "Demographics", "Diagnosis", "Phenotype", "Genetic findings", "Family history", "Clinical summary", "Attachments". */
  changes: string[];
};

/** GET /api/patients/:id/history/:version → { version: VersionSummary, record: PatientRecord } (audited "patient.version_read"). */
export type VersionView = { version: VersionSummary; record: PatientRecord };

/**
 * POST /api/patients/:id/consents { kind, given, date, formFileId? } → 201 { consent, patient, message }.
 * One standing consent per kind (409 otherwise: withdraw it first). Care
 * consent can be recorded again after a withdrawal, which lifts it.
 */
export type NewConsent = { kind: ConsentKind; given: boolean; date: string; formFileId?: string | null };

/** POST /api/patients/:id/consents/:kind/withdraw { reason } → { consent, patient, message }. */
export type ConsentWithdrawal = { reason: string };

/** Audit event types written for patients (subject = the patient's id; details.reason = why the user had access). */
export const PATIENT_AUDIT_TYPES = [
  "patient.enrolled",
  "patient.read",
  "patient.record_updated",
  "patient.history_read",
  "patient.version_read",
  "patient.consent_recorded",
  "patient.consent_withdrawn",
] as const;
