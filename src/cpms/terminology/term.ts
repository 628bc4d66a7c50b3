/*
 * A term as the importers read it and the store writes it, and the shape of
 * each system's canonical codes: "HP:0001250" (seven digits), "ORPHA:558",
 * "C49.9" (a WHO ICD-10 category: letter, two digits, and an optional
 * subdivision after a dot). Codes are stored and looked up in these forms only.
 */
import type { TermSystem } from "./lookup.ts";

export type TermEntry = {
  code: string;
  label: string;
  synonyms?: string[];
  parents?: string[];
  icd10?: string[];
  isObsolete?: boolean;
  replacedBy?: string | null;
};

export const CODE_PATTERNS: Record<TermSystem, RegExp> = {
  HPO: /^HP:\d{7}$/,
  ORPHA: /^ORPHA:[1-9]\d{0,6}$/,
  ICD10: /^[A-Z]\d{2}(\.\d{1,2})?$/,
};

export const CODE_EXAMPLES: Record<TermSystem, string> = { HPO: "HP:0001250", ORPHA: "ORPHA:558", ICD10: "C49.9" };

export const SYSTEM_NAMES: Record<TermSystem, string> = { HPO: "HPO", ORPHA: "Orphanet", ICD10: "ICD-10" };

export const isCanonicalCode = (system: TermSystem, code: string) => CODE_PATTERNS[system].test(code);

/** Longest label or synonym kept: longer text in a file is a mistake, not a term. */
export const MAX_LABEL = 500;
