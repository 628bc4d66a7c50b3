/*
 * Writes a release of one terminology (an importer's entries or the starter
 * set) into `terms`, inside the caller's transaction:
 * - a new code is added; a known one gets the release's label, synonyms,
 *   parents, mappings and obsolete flag;
 * - a release is the whole terminology: a code it no longer has is marked
 *   obsolete, never deleted (records point at it);
 * - the release loaded is noted in `terminology_releases`, and the table's
 *   statistics are refreshed for the searches' plans.
 */
import { and, eq, inArray, not, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import type { TermSystem } from "./lookup.ts";
import { labelKey, searchText } from "./search-text.ts";
import { terminologyReleases, terms } from "./tables.ts";
import type { TermEntry } from "./term.ts";

export type WriteCounts = { terms: number; added: number; updated: number; unchanged: number; obsolete: number; retired: number };

const CHUNK = 1000;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);

function rowOf(system: TermSystem, entry: TermEntry, source: string) {
  const synonyms = entry.synonyms ?? [];
  return {
    system,
    code: entry.code,
    label: entry.label,
    synonyms,
    parents: entry.parents ?? [],
    icd10: entry.icd10 ?? [],
    isObsolete: entry.isObsolete ?? false,
    replacedBy: entry.replacedBy ?? null,
    labelKey: labelKey(entry.label),
    searchText: searchText(entry.label, synonyms),
    source,
  };
}

export async function writeRelease(tx: Db, system: TermSystem, entries: TermEntry[], release: { version: string; source: string }): Promise<WriteCounts> {
  const existing = new Map(
    (
      await tx
        .select({
          code: terms.code,
          label: terms.label,
          synonyms: terms.synonyms,
          parents: terms.parents,
          icd10: terms.icd10,
          isObsolete: terms.isObsolete,
          replacedBy: terms.replacedBy,
        })
        .from(terms)
        .where(eq(terms.system, system))
    ).map((row) => [row.code, row]),
  );
  const rows = entries.map((entry) => rowOf(system, entry, release.source));
  const writes = rows.filter((row) => {
    const current = existing.get(row.code);
    return (
      !current ||
      current.label !== row.label ||
      current.isObsolete !== row.isObsolete ||
      current.replacedBy !== row.replacedBy ||
      !sameList(current.synonyms, row.synonyms) ||
      !sameList(current.parents, row.parents) ||
      !sameList(current.icd10, row.icd10)
    );
  });
  const added = writes.filter((row) => !existing.has(row.code)).length;
  for (let start = 0; start < writes.length; start += CHUNK) {
    await tx
      .insert(terms)
      .values(writes.slice(start, start + CHUNK))
      .onConflictDoUpdate({
        target: [terms.system, terms.code],
        set: {
          label: sql`excluded.label`,
          synonyms: sql`excluded.synonyms`,
          parents: sql`excluded.parents`,
          icd10: sql`excluded.icd10`,
          isObsolete: sql`excluded.is_obsolete`,
          replacedBy: sql`excluded.replaced_by`,
          labelKey: sql`excluded.label_key`,
          searchText: sql`excluded.search_text`,
          source: sql`excluded.source`,
          updatedAt: sql`now()`,
        },
      });
  }
  const inRelease = new Set(rows.map((row) => row.code));
  const gone = [...existing.values()].filter((row) => !row.isObsolete && !inRelease.has(row.code)).map((row) => row.code);
  for (let start = 0; start < gone.length; start += CHUNK) {
    await tx
      .update(terms)
      .set({ isObsolete: true, updatedAt: sql`now()` })
      .where(and(eq(terms.system, system), inArray(terms.code, gone.slice(start, start + CHUNK)), not(terms.isObsolete)));
  }
  // Fresh statistics, so the planner reaches for the search index rather than reading the whole terminology.
  if (writes.length || gone.length) await tx.execute(sql`analyze ${terms}`);
  const termCount = rows.length;
  await tx
    .insert(terminologyReleases)
    .values({ system, version: release.version, source: release.source, termCount })
    .onConflictDoUpdate({
      target: terminologyReleases.system,
      set: { version: release.version, source: release.source, termCount, importedAt: sql`now()` },
    });
  return {
    terms: termCount,
    added,
    updated: writes.length - added,
    unchanged: rows.length - writes.length,
    obsolete: rows.filter((row) => row.isObsolete).length,
    retired: gone.length,
  };
}
