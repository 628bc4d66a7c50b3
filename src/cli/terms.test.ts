/*
 * `opencpms terms`: importing a terminology's release from the command line
 * on a test system's database, what it prints, and its exit codes.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { auditEvents } from "../cpms/pg-schema.ts";
import { STARTER_ORPHANET } from "../cpms/terminology/starter/orphanet.ts";
import { terms } from "../cpms/terminology/tables.ts";
import { startTestSystem } from "../platform/testing/test-system.ts";
import type { System } from "../system.ts";
import { termsCommand } from "./terms.ts";

const FIXTURES = fileURLToPath(new URL("../cpms/terminology/fixtures/", import.meta.url));

let system: System;
let folder: string;
before(async () => {
  system = await startTestSystem({ SERVICES: "cpms,identity" });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-terms-cli-"));
});
after(async () => {
  await system?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = { log: (line: string) => stdout.push(line), error: (line: string) => stderr.push(line) };
  const code = await termsCommand(args, out, async () => ({ db: system.database.db, config: system.config, close: async () => {} }));
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

test("status lists the starter sets cpms loaded at its start", async () => {
  const { code, stdout } = await run("status");
  assert.equal(code, 0);
  assert.match(stdout, /^HPO\tstarter\t\d+ terms\tstarter\t/m);
  assert.match(stdout, /^ORPHA\tstarter\t\d+ terms\tstarter\t/m);
  assert.match(stdout, /^ICD10\tstarter\t\d+ terms\tstarter\t/m);
});

test("import --system orpha FILE prints the release and its counts, and audits the import", async () => {
  const file = path.join(FIXTURES, "en_product1.xml");
  const { code, stdout, stderr } = await run("import", "--system", "orpha", file);
  assert.equal(stderr, "");
  assert.equal(code, 0);
  const retired = STARTER_ORPHANET.length - 4;
  assert.equal(
    stdout,
    `Imported ${file} (ORPHA 2025-06-16 06:15:06 1.3.37 / 4.1.7 [2024-07-24] (orientdb version)): 5 terms: 1 added, 4 updated, 0 unchanged; 1 obsolete in the release, ${retired} no longer in it and marked obsolete.`,
  );
  const [event] = await system.database.db.select().from(auditEvents).where(eq(auditEvents.type, "terminology.imported"));
  assert.equal(event.details.source, "en_product1.xml");
  assert.equal(event.userAgent, "opencpms cli");
  assert.match((await run("status")).stdout, /^ORPHA\t2025-06-16 06:15:06 1\.3\.37 .*\t5 terms\ten_product1\.xml\t/m);
});

test("--dry-run counts and writes nothing", async () => {
  const { code, stdout } = await run("import", "--system", "HPO", "--dry-run", path.join(FIXTURES, "hp.obo"));
  assert.equal(code, 0);
  assert.match(stdout, /^Dry run of .*hp\.obo \(HPO 2025-05-06\): 5 terms: 1 added, .* Nothing was written\.$/);
  const [retired] = await system.database.db
    .select()
    .from(terms)
    .where(and(eq(terms.system, "HPO"), eq(terms.code, "HP:0002069")));
  assert.equal(retired, undefined);
});

test("a bad file: each problem on its line with the file and position, exit 1, nothing written", async () => {
  const file = path.join(folder, "icd10.csv");
  fs.writeFileSync(file, "code,label\nC49.9,\nc49.9,Lower case\n");
  const { code, stdout, stderr } = await run("import", "--system", "icd10", file);
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.equal(
    stderr,
    [
      `${file}: line 2: C49.9 has no label`,
      `${file}: line 3: “c49.9” is not a ICD-10 code (like C49.9)`,
      "Nothing was imported: fix the file (or download it again) and run the import again.",
    ].join("\n"),
  );
  const [c499] = await system.database.db
    .select()
    .from(terms)
    .where(and(eq(terms.system, "ICD10"), eq(terms.code, "C49.9")));
  assert.equal(c499.isObsolete, false, "the starter set is untouched");
});

test("usage errors exit 2 with the usage: no system, an unknown system, no file, a missing file is exit 1", async () => {
  assert.equal((await run("import", path.join(FIXTURES, "hp.obo"))).code, 2);
  const unknown = await run("import", "--system", "snomed", path.join(FIXTURES, "hp.obo"));
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^Name the terminology with --system hpo, orpha or icd10\.\nUsage:/);
  assert.equal((await run("import", "--system", "hpo")).code, 2);
  assert.equal((await run("list")).code, 2);
  const missing = await run("import", "--system", "hpo", path.join(folder, "nothing.obo"));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /there is no such file/);
});
