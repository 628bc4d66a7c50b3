/*
 * The terminologies CPMS codes clinical data with: HPO (phenotypes,
 * "HP:0001250"), the Orphanet nomenclature (rare diseases, "ORPHA:558") and
 * ICD-10 ("C49.9"). Lookups for validation and searches for pickers.
 * - findTerms takes canonical codes only ("HP:0001250", never "hp:1250")
 *   and never answers an obsolete term: new data cannot use one;
 * - describeTerms also answers obsolete terms, flagged, for showing what a
 *   record already holds;
 * - searchTerms takes what a person types: a code or its start ("C49",
 *   "hp:00012", "558" for ORPHA:558) or words, each the start of a word of
 *   the label or a synonym, in any order and without accents; obsolete terms
 *   never come up. Best first: the exact code, codes starting so, the exact
 *   label, labels starting so, labels holding the words, then synonyms; among
 *   equals the shorter label first.
 */
import { and, eq, inArray, not, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { wordsOf } from "./search-text.ts";
import { terms } from "./tables.ts";
import { isCanonicalCode } from "./term.ts";

export type TermSystem = "HPO" | "ORPHA" | "ICD10";

export type Term = {
  system: TermSystem;
  /** "HP:0001250", "ORPHA:558", "C49.9" */
  code: string;
  label: string;
  /** For Orphanet concepts: the ICD-10 codes it maps to. */
  icd10?: string[];
  synonyms?: string[];
  /** Only from describeTerms: the term is no longer in use, and its replacement when the release names one. */
  isObsolete?: boolean;
  replacedBy?: string | null;
};

export const MAX_SEARCH_LIMIT = 50;
const MAX_WORDS = 8;

const columns = { system: terms.system, code: terms.code, label: terms.label, icd10: terms.icd10, synonyms: terms.synonyms };

function toTerm(row: { system: TermSystem; code: string; label: string; icd10: string[]; synonyms: string[] }): Term {
  const term: Term = { system: row.system, code: row.code, label: row.label, synonyms: row.synonyms };
  if (row.system === "ORPHA") term.icd10 = row.icd10;
  return term;
}

/** The known terms among `codes` (unknown and obsolete codes are absent from the map). */
export async function findTerms(db: Db, system: TermSystem, codes: string[]): Promise<Map<string, Term>> {
  const canonical = [...new Set(codes.filter((code) => isCanonicalCode(system, code)))];
  if (!canonical.length) return new Map();
  const rows = await db
    .select(columns)
    .from(terms)
    .where(and(eq(terms.system, system), inArray(terms.code, canonical), not(terms.isObsolete)));
  return new Map(rows.map((row) => [row.code, toTerm(row)]));
}

/** The terms among `codes`, obsolete ones included (flagged, with their replacement). */
export async function describeTerms(db: Db, system: TermSystem, codes: string[]): Promise<Map<string, Term>> {
  const canonical = [...new Set(codes.filter((code) => isCanonicalCode(system, code)))];
  if (!canonical.length) return new Map();
  const rows = await db
    .select({ ...columns, isObsolete: terms.isObsolete, replacedBy: terms.replacedBy })
    .from(terms)
    .where(and(eq(terms.system, system), inArray(terms.code, canonical)));
  return new Map(rows.map((row) => [row.code, { ...toTerm(row), isObsolete: row.isObsolete, replacedBy: row.replacedBy }]));
}

/** What a query may mean as a code: the exact code, and the start of codes. */
export function codeQuery(system: TermSystem, query: string): { exact: string; prefix: string } | null {
  const text = query.trim().toUpperCase().replace(/\s+/g, "");
  if (system === "HPO") {
    const digits = /^(?:HP:?)?(\d{1,7})$/.exec(text)?.[1];
    return digits ? { exact: `HP:${digits.padStart(7, "0")}`, prefix: `HP:${digits}` } : null;
  }
  if (system === "ORPHA") {
    const digits = /^(?:ORPHA:?)?(\d{1,7})$/.exec(text)?.[1];
    return digits ? { exact: `ORPHA:${digits.replace(/^0+(?=\d)/, "")}`, prefix: `ORPHA:${digits}` } : null;
  }
  return /^[A-Z]\d{0,2}(\.\d{0,2})?$/.test(text) ? { exact: text, prefix: text } : null;
}

/** Terms whose code or label (or synonym) matches `query`, best first. */
export async function searchTerms(db: Db, system: TermSystem, query: string, limit = 20): Promise<Term[]> {
  const code = codeQuery(system, query);
  const words = wordsOf(query).slice(0, MAX_WORDS);
  if (!code && !words.length) return [];
  const phrase = words.join(" ");
  // Word prefixes through the text-search index; the label's own words are those before the "|".
  const allWordPrefixes = sql`${terms.searchVector} @@ to_tsquery('simple', ${words.map((word) => `${word}:*`).join(" & ")})`;
  const labelWords = sql`split_part(${terms.searchText}, '|', 1)`;
  const inLabel = sql.join(
    words.map((word) => sql`${labelWords} like ${`% ${word}%`}`),
    sql` and `,
  );
  // A code-like query is a code, unless it is one letter (ICD-10's "C" or the start of a word).
  const wordsToo = !code || (system === "ICD10" && /^[a-z]$/i.test(query.trim()));
  const matches = [
    code ? sql`${terms.code} like ${`${code.prefix}%`}` : null,
    code ? sql`${terms.code} = ${code.exact}` : null,
    words.length && wordsToo ? allWordPrefixes : null,
  ].filter((part) => part !== null);
  const rank = sql<number>`case
    when ${code ? sql`${terms.code} = ${code.exact}` : sql`false`} then 0
    when ${code ? sql`${terms.code} like ${`${code.prefix}%`}` : sql`false`} then 1
    when ${words.length ? sql`${terms.labelKey} = ${phrase}` : sql`false`} then 2
    when ${words.length ? sql`${terms.labelKey} like ${`${phrase}%`}` : sql`false`} then 3
    when ${words.length ? inLabel : sql`false`} then 4
    else 5 end`;
  const rows = await db
    .select({ ...columns, rank })
    .from(terms)
    .where(and(eq(terms.system, system), not(terms.isObsolete), sql`(${sql.join(matches, sql` or `)})`))
    .orderBy(rank, sql`length(${terms.label})`, sql`${terms.label} collate "C"`, terms.code)
    .limit(Math.min(Math.max(1, Math.trunc(limit)), MAX_SEARCH_LIMIT));
  return rows.map(toTerm);
}
