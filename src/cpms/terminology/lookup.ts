/*
 * The terminologies CPMS codes clinical data with: HPO (phenotypes,
 * "HP:0001250"), the Orphanet nomenclature (rare diseases, "ORPHA:558") and
 * ICD-10 ("C49.9"). Lookups for validation and searches for pickers.
 */
import type { Db } from "../../platform/db/database.ts";

export type TermSystem = "HPO" | "ORPHA" | "ICD10";

export type Term = {
  system: TermSystem;
  /** "HP:0001250", "ORPHA:558", "C49.9" */
  code: string;
  label: string;
  /** For Orphanet concepts: the ICD-10 codes it maps to. */
  icd10?: string[];
};

/** The known terms among `codes` (unknown and obsolete codes are absent from the map). */
export async function findTerms(_db: Db, _system: TermSystem, _codes: string[]): Promise<Map<string, Term>> {
  // Filled in by the terminology feature.
  return new Map();
}

/** Terms whose code or label (or synonym) matches `query`, best first. */
export async function searchTerms(_db: Db, _system: TermSystem, _query: string, _limit = 20): Promise<Term[]> {
  // Filled in by the terminology feature.
  return [];
}
