/*
 * Loads a healthcare-provider list (import-csv.ts) into the catalogue:
 * - all or nothing: every bad row is reported with its line, and then
 *   nothing is written; a good file is written in one transaction;
 * - a provider is known by ERN, country and code: a new one is added, a
 *   known one gets the file's name, city and website; providers absent
 *   from the file stay (rights point at them);
 * - the import is audited in access's audit log with its counts;
 * - a dry run checks and counts, and writes nothing.
 */
import { and, inArray, not, sql } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { auditEvents } from "../pg-schema.ts";
import { type LineProblem, type ProviderLine, readProvidersCsv } from "./import-csv.ts";
import { providerSearchText } from "./search-text.ts";
import { countries, erns, providers } from "./tables.ts";

export type ImportResult = { problems: LineProblem[]; rows: number; added: number; updated: number; unchanged: number; dryRun: boolean };

const CHUNK = 500;

export async function importProviders(
  db: Db,
  text: string,
  options: { dryRun: boolean; source: string; origin?: RequestOrigin; actorId?: string | null },
): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const known = {
      erns: (await tx.select({ code: erns.code }).from(erns)).map((row) => row.code),
      countries: (await tx.select({ code: countries.code }).from(countries)).map((row) => row.code),
    };
    const { rows, problems } = readProvidersCsv(text, known);
    if (problems.length) return { problems, rows: rows.length + problems.length, added: 0, updated: 0, unchanged: 0, dryRun: options.dryRun };

    const existing = await existingProviders(tx, rows);
    const added: ProviderLine[] = [];
    const changed: ProviderLine[] = [];
    for (const row of rows) {
      const current = existing.get(keyOf(row));
      if (!current) added.push(row);
      else if (current.name !== row.name || current.city !== row.city || current.website !== row.website) changed.push(row);
    }
    const result = { problems, rows: rows.length, added: added.length, updated: changed.length, unchanged: rows.length - added.length - changed.length };
    if (options.dryRun) return { ...result, dryRun: true };

    const writes = [...added, ...changed];
    for (let start = 0; start < writes.length; start += CHUNK) {
      const chunk = writes.slice(start, start + CHUNK);
      await tx
        .insert(providers)
        .values(chunk.map(({ line: _line, ...row }) => ({ ...row, searchText: providerSearchText(row) })))
        .onConflictDoUpdate({
          target: [providers.ernCode, providers.countryCode, providers.code],
          set: {
            name: sql`excluded.name`,
            city: sql`excluded.city`,
            website: sql`excluded.website`,
            searchText: sql`excluded.search_text`,
            updatedAt: sql`now()`,
          },
        });
    }
    await audit(tx, auditEvents, options.origin ?? {}, {
      type: "catalog.providers_imported",
      actorId: options.actorId ?? null,
      details: { source: options.source, rows: result.rows, added: result.added, updated: result.updated, unchanged: result.unchanged },
    });
    return { ...result, dryRun: false };
  });
}

const keyOf = (row: { ernCode: string; countryCode: string; code: string }) => `${row.ernCode}/${row.countryCode}/${row.code}`;

/** The file's ERNs' providers, by ERN, country and code. */
async function existingProviders(tx: Db, rows: ProviderLine[]) {
  const ernCodes = [...new Set(rows.map((row) => row.ernCode))];
  const found = await tx
    .select({
      ernCode: providers.ernCode,
      countryCode: providers.countryCode,
      code: providers.code,
      name: providers.name,
      city: providers.city,
      website: providers.website,
    })
    .from(providers)
    .where(and(inArray(providers.ernCode, ernCodes), not(providers.isGuest)));
  return new Map(found.map((row) => [keyOf(row), row]));
}
