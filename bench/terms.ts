/*
 * The terminology pickers with a release of HPO's size: how long
 * `opencpms terms import` takes on it, and how fast searchTerms answers.
 *
 *   node bench/terms.ts [--terms N] [--requests R] [--json]
 *   (npm run bench:terms; DATABASE_URL names a PostgreSQL server, on which a
 *   throwaway database is created and dropped; otherwise in-memory PGlite)
 *
 * 1. a fresh database with cpms's tables;
 * 2. an hp.obo of N terms (30,000 by default, about HPO's size) with labels
 *    and two synonyms each drawn from a clinical vocabulary, one parent,
 *    and a few obsolete terms, imported through the command's code;
 * 3. R searches of each kind after a warm-up: an exact code, a code prefix,
 *    the start of one word, two words, a word matching nothing;
 * 4. prints the import's duration and the median and p95 of each search,
 *    in milliseconds (or JSON with --json). Measures only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { importTerminology } from "../src/cpms/terminology/import.ts";
import { searchTerms } from "../src/cpms/terminology/lookup.ts";
import { migrateServices } from "../src/platform/db/migrate.ts";
import { openTestDatabase } from "../src/platform/testing/test-database.ts";

const WARM_UP = 10;
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const WORDS = (
  "abnormal abnormality acute adrenal aortic arterial atrophy bone cardiac cerebral chronic congenital cortical cyst deficiency dilated dysplasia " +
  "elevated enlarged epithelial facial femoral focal gastric generalized hepatic hypoplasia increased intestinal joint lateral left lesion lower " +
  "malformation mitral muscle nasal neoplasm nerve ocular oral pancreatic pelvic pulmonary recurrent renal retinal right sarcoma seizure skeletal " +
  "skin spinal stenosis thoracic thyroid tissue tumor upper urinary vascular ventricular vertebral"
).split(" ");

function readOptions() {
  const { values } = parseArgs({
    options: { terms: { type: "string", default: "30000" }, requests: { type: "string", default: "200" }, json: { type: "boolean", default: false } },
  });
  const positive = (raw: string, name: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not ${JSON.stringify(raw)}`);
    return n;
  };
  return { terms: Math.min(positive(values.terms, "terms"), 9_000_000), requests: positive(values.requests, "requests"), json: values.json };
}

/** A deterministic pseudo-random sequence, so every run imports the same file. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function writeObo(file: string, count: number): void {
  const random = generator(42);
  const phrase = (length: number) => Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");
  const id = (n: number) => `HP:${String(n).padStart(7, "0")}`;
  const lines = ["format-version: 1.2", "data-version: hp/releases/bench", ""];
  for (let n = 1; n <= count; n++) {
    const label = phrase(2 + Math.floor(random() * 3));
    lines.push("[Term]", `id: ${id(n)}`, `name: ${label[0].toUpperCase()}${label.slice(1)}`);
    lines.push(`synonym: "${phrase(2)}" EXACT []`, `synonym: "${phrase(3)}" RELATED []`);
    if (n > 1) lines.push(`is_a: ${id(1 + Math.floor(random() * (n - 1)))} ! parent`);
    if (n % 200 === 0) lines.push("is_obsolete: true");
    lines.push("");
  }
  fs.writeFileSync(file, lines.join("\n"));
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main() {
  const options = readOptions();
  const database = await openTestDatabase();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-bench-terms-"));
  try {
    await migrateServices(database, ["cpms"]);
    const file = path.join(folder, "hp.obo");
    writeObo(file, options.terms);
    progress(`importing ${options.terms} terms (${(fs.statSync(file).size / 1e6).toFixed(1)} MB of OBO) on ${database.kind}`);
    const started = performance.now();
    const imported = await importTerminology(database.db, "HPO", { name: file, open: () => fs.createReadStream(file) });
    const importMs = performance.now() - started;
    if (!imported.ok) throw new Error(`the generated file was refused: ${JSON.stringify(imported.problems.slice(0, 3))}`);

    const kinds: Record<string, string> = {
      "exact code": "HP:0012345",
      "code prefix": "HP:00123",
      "one word start": "sarc",
      "two words": "renal cyst",
      "no match": "zzzyx",
    };
    const results: Record<string, { median: number; p95: number; found: number }> = {};
    for (const [kind, query] of Object.entries(kinds)) {
      for (let i = 0; i < WARM_UP; i++) await searchTerms(database.db, "HPO", query);
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < options.requests; i++) {
        const start = performance.now();
        found = (await searchTerms(database.db, "HPO", query)).length;
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      results[kind] = { median: quantile(times, 0.5), p95: quantile(times, 0.95), found };
    }
    if (options.json) {
      console.log(JSON.stringify({ database: database.kind, terms: options.terms, importMs, searches: results }));
      return;
    }
    console.log(`${database.kind}, ${options.terms} HPO terms: import ${(importMs / 1000).toFixed(1)} s (${imported.added} added)`);
    console.log("search            median ms   p95 ms   results");
    for (const [kind, { median, p95, found }] of Object.entries(results)) {
      console.log(`${kind.padEnd(16)}  ${median.toFixed(2).padStart(9)}  ${p95.toFixed(2).padStart(7)}  ${String(found).padStart(8)}`);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
