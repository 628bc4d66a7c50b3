/*
 * opencpms orgs import FILE.csv [--dry-run] | list [--ern CODE] [--country CC]
 * — the healthcare providers of the organisation tree.
 * - import: the CSV format is in access/catalog/import-csv.ts and the
 *   README; every bad row is printed with its line, and then nothing is
 *   written; otherwise prints how many were added, updated and unchanged;
 * - list: the providers (without Guest Access), by ERN, country and code.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, eq, not, sql } from "drizzle-orm";
import { importProviders } from "../access/catalog/import.ts";
import { seedAccessCatalog } from "../access/catalog/seed.ts";
import { countries, erns, providers } from "../access/catalog/tables.ts";
import { loadConfigOrExit } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import type { Opened, Output } from "./clients.ts";
import { openForCli } from "./database.ts";

export const ORGS_USAGE = `Usage:
  opencpms orgs import FILE.csv [--dry-run]    add and update healthcare providers (header: ern,country,code,name,city,website)
  opencpms orgs list [--ern CODE] [--country CC]`;

type Parsed = { sub: "import"; file: string; dryRun: boolean } | { sub: "list"; ern?: string; country?: string } | { usage: string };

function parse(args: string[]): Parsed {
  const [sub, ...rest] = args;
  try {
    if (sub === "import") {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { "dry-run": { type: "boolean", default: false } } });
      if (positionals.length !== 1) return { usage: "Name one CSV file to import." };
      return { sub, file: positionals[0], dryRun: values["dry-run"] };
    }
    if (sub === "list") {
      const { values } = parseArgs({ args: rest, options: { ern: { type: "string" }, country: { type: "string" } } });
      return { sub, ern: values.ern, country: values.country?.toUpperCase() };
    }
  } catch (error) {
    return { usage: (error as Error).message };
  }
  return { usage: "" };
}

async function openConfigured(): Promise<Opened> {
  const config = loadConfigOrExit();
  const database = await openForCli(config);
  return { db: database.db, config, close: database.close };
}

/** The file as text, or why it cannot be read: it must be UTF-8. */
async function readText(file: string): Promise<{ text: string } | { error: string }> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    return { error: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "there is no such file" : (error as Error).message}.` };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { error: `${file} is not UTF-8 text: save it as "CSV UTF-8" and try again.` };
  }
}

async function importFile(db: Db, file: string, dryRun: boolean, out: Output): Promise<number> {
  const read = await readText(file);
  if ("error" in read) {
    out.error(read.error);
    return 1;
  }
  const result = await importProviders(db, read.text, { dryRun, source: path.basename(file), origin: { userAgent: "opencpms cli" } });
  if (result.problems.length) {
    for (const problem of result.problems) out.error(`${file}: line ${problem.line}: ${problem.message}`);
    const rows = result.problems.length === 1 ? "this row" : `these ${result.problems.length} rows`;
    out.error(`Nothing was imported: fix ${rows} and run the import again.`);
    return 1;
  }
  const counts = `${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged (${result.rows} rows)`;
  out.log(dryRun ? `Dry run of ${file}: ${counts}. Nothing was written.` : `Imported ${file}: ${counts}.`);
  return 0;
}

async function list(db: Db, filter: { ern?: string; country?: string }, out: Output): Promise<number> {
  const found = await db
    .select({ ern: providers.ernCode, country: providers.countryCode, code: providers.code, name: providers.name, city: providers.city })
    .from(providers)
    .innerJoin(erns, eq(erns.code, providers.ernCode))
    .innerJoin(countries, eq(countries.code, providers.countryCode))
    .where(
      and(
        not(providers.isGuest),
        filter.ern ? eq(providers.ernCode, filter.ern) : undefined,
        filter.country ? eq(providers.countryCode, filter.country) : undefined,
      ),
    )
    .orderBy(sql`${erns.code} collate "C"`, countries.name, sql`${providers.code} collate "C"`);
  for (const row of found) out.log([row.ern, row.country, row.code, row.name, row.city ?? ""].join("\t"));
  out.log(`${found.length} healthcare provider${found.length === 1 ? "" : "s"}.`);
  return 0;
}

export async function orgsCommand(args: string[], out: Output = console, open: () => Promise<Opened> = openConfigured): Promise<number> {
  const command = parse(args);
  if ("usage" in command) {
    out.error(command.usage ? `${command.usage}\n${ORGS_USAGE}` : ORGS_USAGE);
    return 2;
  }
  const { db, close } = await open();
  try {
    // The ERNs and countries a file names exist even before access's first start (idempotent).
    await seedAccessCatalog(db, { demoProviders: false });
    return command.sub === "import" ? await importFile(db, command.file, command.dryRun, out) : await list(db, command, out);
  } finally {
    await close();
  }
}
