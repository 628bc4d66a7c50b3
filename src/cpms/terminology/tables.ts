/*
 * The terminologies' terms, one table for the three systems:
 * - a term is known by its system and canonical code ("HPO" "HP:0001250",
 *   "ORPHA" "ORPHA:558", "ICD10" "C49.9"); terms are never deleted, since
 *   records point at them: a term a newer release drops or deprecates is
 *   marked obsolete (with its replacement when the release names one);
 * - `label_key` (the label in lower case without accents) serves label
 *   prefix searches through its index; `search_text` holds the words of the
 *   label, then of the synonyms after a "|" (" marfan syndrome | mfs "), and
 *   `search_vector` the same words as a text-search vector whose GIN index
 *   finds word prefixes ("marf:*") without reading the whole table;
 * - `terminology_releases` tells which release of each system is loaded.
 */
import { sql } from "drizzle-orm";
import { boolean, check, customType, index, integer, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { cpmsSchema } from "../pg-schema.ts";

export const TERM_SYSTEMS = ["HPO", "ORPHA", "ICD10"] as const;

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const terms = cpmsSchema.table(
  "terms",
  {
    system: text({ enum: TERM_SYSTEMS }).notNull(),
    code: text().notNull(),
    label: text().notNull(),
    synonyms: text().array().notNull().default(sql`'{}'::text[]`),
    /** HPO: the is_a parents; ICD-10: the enclosing category. */
    parents: text().array().notNull().default(sql`'{}'::text[]`),
    /** Orphanet: the ICD-10 codes the concept maps to. */
    icd10: text().array().notNull().default(sql`'{}'::text[]`),
    isObsolete: boolean().notNull().default(false),
    replacedBy: text(),
    labelKey: text().notNull(),
    searchText: text().notNull(),
    searchVector: tsvector().generatedAlwaysAs(sql`to_tsvector('simple', search_text)`),
    /** "starter" or the file it was last imported from. */
    source: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.system, t.code] }),
    check("terms_system_check", sql`${t.system} in ('HPO', 'ORPHA', 'ICD10')`),
    index("terms_code_prefix_idx").using("btree", t.system, sql`${t.code} text_pattern_ops`),
    index("terms_label_prefix_idx").using("btree", t.system, sql`${t.labelKey} text_pattern_ops`).where(sql`not ${t.isObsolete}`),
    index("terms_search_vector_idx").using("gin", t.searchVector),
  ],
);

export const terminologyReleases = cpmsSchema.table("terminology_releases", {
  system: text({ enum: TERM_SYSTEMS }).primaryKey(),
  /** The release the file names ("2025-05-06", "1.3.35 / 4.1.7"), or the file's name. */
  version: text().notNull(),
  source: text().notNull(),
  termCount: integer().notNull(),
  importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
