/*
 * Judges a record before it becomes a version (the schema has bounded its
 * shape), each error on its own field ("record.diagnoses.0.orphaCode"):
 * - dates are real days, not in the future, not before 1900; death only for a
 *   patient whose status is dead, not before birth; onset not before birth
 *   (antenatal says so), diagnosis not before onset;
 * - ORPHAcodes, ICD-10 codes and HPO terms exist in the terminologies (the
 *   unknown code is named) and take their labels from them; each HPO term once;
 *   a diagnosis has a code; a confirmed diagnosis is not an undiagnosed case;
 * - variants are HGVS;
 * - text is kept as typed, less control characters: the clinical summary is
 *   plain text with a little Markdown-like markup, rendered as text by the
 *   pages, never as HTML.
 */
import type { Db } from "../../platform/db/database.ts";
import { BadRequest, type FieldError } from "../../platform/http/errors.ts";
import { findTerms } from "../terminology/lookup.ts";
import type { AgeAt, PatientRecord } from "./contract.ts";
import { HGVS_EXAMPLE, isHgvsVariant } from "./hgvs.ts";

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

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function clean(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL, "").trim();
}

function isRealDay(day: string): boolean {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/** Checks of one record against the rules above, collecting field errors. */
class RecordCheck {
  readonly errors: FieldError[] = [];
  readonly today: string;

  constructor(now: Date) {
    this.today = now.toISOString().slice(0, 10);
  }

  fail(field: string, detail: string): void {
    if (!this.errors.some((error) => error.field === field)) this.errors.push({ field, detail });
  }

  /** A real day, from 1900 to today; returns it when valid. */
  day(field: string, day: string | null, what: string): string | null {
    if (day === null) return null;
    if (!isRealDay(day)) this.fail(field, `${day} is not a date: enter the ${what} as YYYY-MM-DD.`);
    else if (day > this.today) this.fail(field, `The ${what} cannot be in the future.`);
    else if (day < "1900-01-01") this.fail(field, `The ${what} cannot be before 1900.`);
    else return day;
    return null;
  }

  ageAt(field: string, value: AgeAt | null, what: string): string | null {
    return value?.kind === "date" ? this.day(`${field}.date`, value.date, what) : null;
  }
}

function checkDates(check: RecordCheck, record: PatientRecord, prefix: string): void {
  const { core, demographics } = record;
  let birthMonth: string | null = null;
  if (demographics.birthMonth !== null) {
    const first = check.day(`${prefix}.demographics.birthMonth`, `${demographics.birthMonth}-01`, "month of birth");
    birthMonth = first?.slice(0, 7) ?? null;
  }
  const death = check.day(`${prefix}.core.dateOfDeath`, core.dateOfDeath, "date of death");
  if (core.dateOfDeath !== null && core.status !== "dead") {
    check.fail(`${prefix}.core.dateOfDeath`, "A date of death is only for a patient whose status is dead.");
  }
  if (death && birthMonth && death.slice(0, 7) < birthMonth) check.fail(`${prefix}.core.dateOfDeath`, "The date of death cannot be before the birth.");

  const firstContact = check.day(`${prefix}.core.firstContact`, core.firstContact, "date of first contact");
  if (firstContact && death && firstContact > death) check.fail(`${prefix}.core.firstContact`, "The first contact cannot be after the date of death.");

  const onset = check.ageAt(`${prefix}.core.onset`, core.onset, "date of onset");
  if (onset && birthMonth && onset.slice(0, 7) < birthMonth) {
    check.fail(`${prefix}.core.onset.date`, "The onset cannot be before the birth: choose antenatal.");
  }
  const diagnosed = check.ageAt(`${prefix}.core.diagnosisAge`, core.diagnosisAge, "date of diagnosis");
  if (diagnosed && onset && diagnosed < onset) check.fail(`${prefix}.core.diagnosisAge.date`, "The diagnosis cannot be before the onset.");
  if (diagnosed && birthMonth && diagnosed.slice(0, 7) < birthMonth && core.onset?.kind !== "antenatal") {
    check.fail(`${prefix}.core.diagnosisAge.date`, "The diagnosis cannot be before the birth unless the onset is antenatal.");
  }

  record.diagnoses.forEach((diagnosis, index) => {
    check.day(`${prefix}.diagnoses.${index}.date`, diagnosis.date, "date of diagnosis");
  });
}

async function checkTerms(db: Db, check: RecordCheck, record: PatientRecord, prefix: string): Promise<void> {
  const orphaCodes = record.diagnoses.flatMap((diagnosis) => (diagnosis.orphaCode ? [diagnosis.orphaCode] : []));
  const icd10Codes = record.diagnoses.flatMap((diagnosis) => (diagnosis.icd10Code ? [diagnosis.icd10Code] : []));
  const hpoCodes = record.phenotypes.map((phenotype) => phenotype.hpoCode);
  const [orpha, icd10, hpo] = await Promise.all([
    orphaCodes.length ? findTerms(db, "ORPHA", [...new Set(orphaCodes)]) : new Map(),
    icd10Codes.length ? findTerms(db, "ICD10", [...new Set(icd10Codes)]) : new Map(),
    hpoCodes.length ? findTerms(db, "HPO", [...new Set(hpoCodes)]) : new Map(),
  ]);

  record.diagnoses.forEach((diagnosis, index) => {
    const field = `${prefix}.diagnoses.${index}`;
    delete diagnosis.orphaLabel;
    delete diagnosis.icd10Label;
    if (!diagnosis.orphaCode && !diagnosis.icd10Code) check.fail(`${field}.orphaCode`, "Give the diagnosis an ORPHAcode or an ICD-10 code.");
    if (diagnosis.orphaCode) {
      const term = orpha.get(diagnosis.orphaCode);
      if (term) diagnosis.orphaLabel = term.label;
      else check.fail(`${field}.orphaCode`, `${diagnosis.orphaCode} is not a known ORPHAcode.`);
    }
    if (diagnosis.icd10Code) {
      const term = icd10.get(diagnosis.icd10Code);
      if (term) diagnosis.icd10Label = term.label;
      else check.fail(`${field}.icd10Code`, `${diagnosis.icd10Code} is not a known ICD-10 code.`);
    }
    if (diagnosis.status === "confirmed" && record.core.undiagnosed) {
      check.fail(`${prefix}.core.undiagnosed`, "A patient with a confirmed diagnosis is not an undiagnosed case.");
    }
  });

  const seen = new Set<string>();
  record.phenotypes.forEach((phenotype, index) => {
    const field = `${prefix}.phenotypes.${index}.hpoCode`;
    delete phenotype.label;
    const term = hpo.get(phenotype.hpoCode);
    if (!term) check.fail(field, `${phenotype.hpoCode} is not a known HPO term.`);
    else phenotype.label = term.label;
    if (seen.has(phenotype.hpoCode)) check.fail(field, `${phenotype.hpoCode} is already in the phenotype.`);
    seen.add(phenotype.hpoCode);
  });
}

function checkVariants(check: RecordCheck, record: PatientRecord, prefix: string): void {
  record.geneticFindings.forEach((finding, index) => {
    finding.variant = finding.variant.trim();
    if (!isHgvsVariant(finding.variant)) {
      check.fail(`${prefix}.geneticFindings.${index}.variant`, `"${finding.variant.slice(0, 80)}" is not HGVS: write it as ${HGVS_EXAMPLE}.`);
    }
  });
}

function cleanText(record: PatientRecord): void {
  record.core.biobank = clean(record.core.biobank);
  record.core.functioning = { icfScore: clean(record.core.functioning.icfScore), text: clean(record.core.functioning.text) };
  record.familyHistory = {
    text: clean(record.familyHistory.text),
    affectedRelatives: record.familyHistory.affectedRelatives.map((relative) => ({ relation: relative.relation, condition: clean(relative.condition) })),
  };
  record.clinicalSummary = clean(record.clinicalSummary);
}

/**
 * The record to store: `input` over an empty record, checked, with the
 * terminologies' labels. Throws BadRequest naming every wrong field.
 */
export async function validateRecord(db: Db, input: Partial<PatientRecord>, options: { prefix?: string; now?: Date } = {}): Promise<PatientRecord> {
  const prefix = options.prefix ?? "record";
  const record: PatientRecord = structuredClone({ ...emptyRecord(), ...input });
  const check = new RecordCheck(options.now ?? new Date());
  cleanText(record);
  checkDates(check, record, prefix);
  checkVariants(check, record, prefix);
  await checkTerms(db, check, record, prefix);
  if (check.errors.length) {
    throw new BadRequest(check.errors.length === 1 ? check.errors[0].detail : "Please check the highlighted fields.", check.errors);
  }
  return record;
}
