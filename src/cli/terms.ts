/*
 * opencpms terms import --system hpo|orpha|icd10 FILE [--dry-run] | status
 * — the terminologies CPMS codes its records with.
 * - import: reads an official release (formats in cpms/terminology/import.ts
 *   and the README), prints every problem with its position and then writes
 *   nothing; otherwise writes it in one transaction, audited in cpms's audit
 *   log, and prints its counts (added, updated, unchanged, obsolete, and the
 *   codes the release no longer has, marked obsolete);
 * - status: the release loaded for each terminology, and its term count.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { asc } from "drizzle-orm";
import { importTerminology } from "../cpms/terminology/import.ts";
import type { TermSystem } from "../cpms/terminology/lookup.ts";
import { terminologyReleases } from "../cpms/terminology/tables.ts";
import { loadConfigOrExit } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import type { Opened, Output } from "./clients.ts";
import { openForCli } from "./database.ts";

export const TERMS_USAGE = `Usage:
  opencpms terms import --system hpo|orpha|icd10 FILE [--dry-run]
      hpo: hp.json (OBO Graphs) or hp.obo; orpha: en_product1.xml; icd10: ClaML .xml or .csv (code,label[,synonyms])
  opencpms terms status`;

const SYSTEMS: Record<string, TermSystem> = { hpo: "HPO", orpha: "ORPHA", icd10: "ICD10" };

type Parsed = { sub: "import"; system: TermSystem; file: string; dryRun: boolean } | { sub: "status" } | { usage: string };

function parse(args: string[]): Parsed {
  const [sub, ...rest] = args;
  try {
    if (sub === "import") {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { system: { type: "string" }, "dry-run": { type: "boolean", default: false } },
      });
      const system = SYSTEMS[values.system?.toLowerCase() ?? ""];
      if (!system) return { usage: "Name the terminology with --system hpo, orpha or icd10." };
      if (positionals.length !== 1) return { usage: "Name one file to import." };
      return { sub, system, file: positionals[0], dryRun: values["dry-run"] };
    }
    if (sub === "status" && rest.length === 0) return { sub };
  } catch (error) {
    return { usage: (error as Error).message };
  }
  return { usage: "" };
}

async function openConfigured(): Promise<Opened> {
  const config = loadConfigOrExit();
  const database = await openForCli({ ...config, services: ["cpms"] });
  return { db: database.db, config, close: database.close };
}

async function importFile(db: Db, command: { system: TermSystem; file: string; dryRun: boolean }, out: Output): Promise<number> {
  const { system, file, dryRun } = command;
  try {
    if (!fs.statSync(file).isFile()) throw new Error("not a file");
  } catch {
    out.error(`Cannot read ${file}: there is no such file.`);
    return 1;
  }
  const result = await importTerminology(db, system, { name: file, open: () => fs.createReadStream(file) }, { dryRun, origin: { userAgent: "opencpms cli" } });
  if (!result.ok) {
    for (const problem of result.problems) out.error(`${file}: ${problem.position}: ${problem.message}`);
    const more = result.problemCount - result.problems.length;
    if (more > 0) out.error(`… and ${more} more problem${more === 1 ? "" : "s"}.`);
    out.error("Nothing was imported: fix the file (or download it again) and run the import again.");
    return 1;
  }
  const counts = `${result.terms} terms: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged; ${result.obsolete} obsolete in the release, ${result.retired} no longer in it and marked obsolete`;
  out.log(
    dryRun ? `Dry run of ${file} (${system} ${result.version}): ${counts}. Nothing was written.` : `Imported ${file} (${system} ${result.version}): ${counts}.`,
  );
  return 0;
}

async function status(db: Db, out: Output): Promise<number> {
  const releases = await db.select().from(terminologyReleases).orderBy(asc(terminologyReleases.system));
  for (const release of releases) {
    out.log([release.system, release.version, `${release.termCount} terms`, release.source, release.importedAt.toISOString()].join("\t"));
  }
  if (!releases.length) out.log("No terminology is loaded yet: cpms loads its starter sets at its first start.");
  return 0;
}

export async function termsCommand(args: string[], out: Output = console, open: () => Promise<Opened> = openConfigured): Promise<number> {
  const command = parse(args);
  if ("usage" in command) {
    out.error(command.usage ? `${command.usage}\n${TERMS_USAGE}` : TERMS_USAGE);
    return 2;
  }
  const { db, close } = await open();
  try {
    return command.sub === "import" ? await importFile(db, command, out) : await status(db, out);
  } finally {
    await close();
  }
}
