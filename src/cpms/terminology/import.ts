/*
 * Loads an official release of a terminology (`opencpms terms import`):
 * - the format follows the system and the file's extension: HPO `.json`
 *   (OBO Graphs) or `.obo`; Orphanet `.xml` (en_product1.xml); ICD-10 `.xml`
 *   (ClaML) or `.csv` (code,label[,synonyms]);
 * - the whole file is read and checked first; with any problem nothing is
 *   written and the problems are reported with their position;
 * - a good file is written in one transaction (store.ts: added, updated,
 *   unchanged, obsolete, and codes the release no longer has marked
 *   obsolete) with its audit event, so a failure leaves nothing half-imported.
 */
import path from "node:path";
import type { Readable } from "node:stream";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { auditEvents } from "../pg-schema.ts";
import { readHpoJson } from "./formats/hpo-json.ts";
import { readHpoObo } from "./formats/hpo-obo.ts";
import { readIcd10Claml } from "./formats/icd10-claml.ts";
import { readIcd10Csv } from "./formats/icd10-csv.ts";
import { readOrphanetXml } from "./formats/orphanet-xml.ts";
import type { ReadProblem, ReadRelease } from "./formats/release-reader.ts";
import type { TermSystem } from "./lookup.ts";
import { type WriteCounts, writeRelease } from "./store.ts";

const READERS: Record<TermSystem, Record<string, (input: Readable) => Promise<ReadRelease>>> = {
  HPO: { ".json": readHpoJson, ".obo": readHpoObo },
  ORPHA: { ".xml": readOrphanetXml },
  ICD10: { ".xml": readIcd10Claml, ".csv": readIcd10Csv },
};

/** The reader of `file` for `system`, or why there is none. */
export function readerFor(system: TermSystem, file: string): ((input: Readable) => Promise<ReadRelease>) | string {
  const extension = path.extname(file).toLowerCase();
  const reader = READERS[system][extension];
  if (reader) return reader;
  const known = Object.keys(READERS[system]).join(" or ");
  return `${path.basename(file)}: a ${system} file ends in ${known}`;
}

export type ImportResult = { ok: false; problems: ReadProblem[]; problemCount: number } | ({ ok: true; version: string; dryRun: boolean } & WriteCounts);

export async function importTerminology(
  db: Db,
  system: TermSystem,
  file: { name: string; open: () => Readable },
  options: { dryRun?: boolean; origin?: RequestOrigin; actorId?: string | null } = {},
): Promise<ImportResult> {
  const reader = readerFor(system, file.name);
  if (typeof reader === "string") return { ok: false, problems: [{ position: "file", message: reader }], problemCount: 1 };
  const release = await reader(file.open());
  if (release.problemCount) return { ok: false, problems: release.problems, problemCount: release.problemCount };
  const source = path.basename(file.name);
  const version = release.version ?? source;
  const write = async (tx: Db) => {
    const counts = await writeRelease(tx, system, release.entries, { version, source });
    if (options.dryRun) throw new DryRun(counts);
    await audit(tx, auditEvents, options.origin ?? {}, {
      type: "terminology.imported",
      actorId: options.actorId ?? null,
      details: { system, source, version, ...counts },
    });
    return counts;
  };
  try {
    const counts = await db.transaction(write);
    return { ok: true, version, dryRun: false, ...counts };
  } catch (error) {
    // A dry run writes like an import to count, then rolls back.
    if (error instanceof DryRun) return { ok: true, version, dryRun: true, ...error.counts };
    throw error;
  }
}

class DryRun extends Error {
  readonly counts: WriteCounts;
  constructor(counts: WriteCounts) {
    super("dry run");
    this.counts = counts;
  }
}
