/*
 * Importing the official distributions from small files in their real
 * formats (fixtures/): what each reader takes, what a release does to the
 * terms already there, and bad files reported with positions and nothing
 * written.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { and, count, eq } from "drizzle-orm";
import { migrateServices } from "../../platform/db/migrate.ts";
import { openTestDatabase } from "../../platform/testing/test-database.ts";
import { auditEvents } from "../pg-schema.ts";
import { readHpoJson } from "./formats/hpo-json.ts";
import { readHpoObo } from "./formats/hpo-obo.ts";
import { readIcd10Csv } from "./formats/icd10-csv.ts";
import { importTerminology } from "./import.ts";
import { describeTerms, findTerms, searchTerms, type TermSystem } from "./lookup.ts";
import { STARTER_HPO } from "./starter/hpo.ts";
import { seedStarterTerms } from "./starter/seed.ts";
import { terminologyReleases, terms } from "./tables.ts";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixture = (name: string) => path.join(FIXTURES, name);

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let folder: string;

before(async () => {
  database = await openTestDatabase();
  await migrateServices(database, ["cpms"]);
  await seedStarterTerms(database.db);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-terms-"));
});
after(async () => {
  await database?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const importFile = (system: TermSystem, file: string, options: { dryRun?: boolean } = {}) =>
  importTerminology(database.db, system, { name: file, open: () => fs.createReadStream(file) }, options);

function write(name: string, content: string): string {
  const where = path.join(folder, name);
  fs.writeFileSync(where, content);
  return where;
}

async function snapshot() {
  const [{ n: termCount }] = await database.db.select({ n: count() }).from(terms);
  const [{ n: imports }] = await database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.type, "terminology.imported"));
  const rows = await database.db.select({ system: terms.system, code: terms.code, label: terms.label, isObsolete: terms.isObsolete }).from(terms);
  return { termCount, imports, rows: JSON.stringify(rows.sort((a, b) => `${a.system}${a.code}`.localeCompare(`${b.system}${b.code}`))) };
}

const term = async (system: TermSystem, code: string) =>
  (
    await database.db
      .select()
      .from(terms)
      .where(and(eq(terms.system, system), eq(terms.code, code)))
  )[0];

describe("HPO", () => {
  test("hp.json and hp.obo of the same release read the same terms", async () => {
    const json = await readHpoJson(fs.createReadStream(fixture("hp.json")));
    const obo = await readHpoObo(fs.createReadStream(fixture("hp.obo")));
    assert.deepEqual(json.problems, []);
    assert.deepEqual(obo.problems, []);
    assert.equal(json.version, "2025-05-06");
    assert.equal(obo.version, "2025-05-06");
    const byCode = (entries: { code: string }[]) => [...entries].sort((a, b) => a.code.localeCompare(b.code));
    assert.deepEqual(byCode(json.entries), byCode(obo.entries));
    assert.deepEqual(
      json.entries.map((entry) => entry.code).sort(),
      ["HP:0000001", "HP:0000118", "HP:0001250", "HP:0002069", "HP:0007359"],
      "UBERON and property nodes are not HPO terms",
    );
    const seizure = json.entries.find((entry) => entry.code === "HP:0001250");
    assert.deepEqual(seizure, {
      code: "HP:0001250",
      label: "Seizure",
      synonyms: ["Seizures", "Epileptic seizure"],
      parents: ["HP:0000118"],
      icd10: [],
      isObsolete: false,
      replacedBy: null,
    });
    const retired = json.entries.find((entry) => entry.code === "HP:0002069");
    assert.equal(retired?.label, "Generalized tonic-clonic seizures");
    assert.equal(retired?.isObsolete, true);
    assert.equal(retired?.replacedBy, "HP:0001250");
  });

  test("importing a release: new and changed terms written, its obsolete terms and the codes it no longer has marked obsolete, audited", async () => {
    const result = await importFile("HPO", fixture("hp.json"));
    assert.ok(result.ok);
    assert.equal(result.version, "2025-05-06");
    assert.equal(result.terms, 5);
    assert.equal(result.added, 1, "HP:0002069 is new");
    assert.equal(result.updated, 3, "Phenotypic abnormality, Seizure and Focal-onset seizure got synonyms or parents");
    assert.equal(result.unchanged, 1, "All");
    assert.equal(result.obsolete, 1);
    assert.equal(result.retired, STARTER_HPO.length - 4, "the starter terms this release does not have");

    assert.deepEqual((await term("HPO", "HP:0001250")).parents, ["HP:0000118"]);
    assert.equal((await findTerms(database.db, "HPO", ["HP:0002069"])).size, 0, "obsolete in the release");
    assert.equal((await describeTerms(database.db, "HPO", ["HP:0002069"])).get("HP:0002069")?.replacedBy, "HP:0001250");
    assert.equal((await findTerms(database.db, "HPO", ["HP:0002664"])).size, 0, "a starter term the release lacks is no longer offered");
    assert.equal((await term("HPO", "HP:0002664")).label, "Neoplasm", "but it is kept for the records that hold it");
    assert.deepEqual(
      (await searchTerms(database.db, "HPO", "seizure")).map((found) => found.code),
      ["HP:0001250", "HP:0007359"],
    );

    const [release] = await database.db.select().from(terminologyReleases).where(eq(terminologyReleases.system, "HPO"));
    assert.deepEqual([release.version, release.source, release.termCount], ["2025-05-06", "hp.json", 5]);
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.type, "terminology.imported"));
    assert.equal(event.details.system, "HPO");
    assert.equal(event.details.source, "hp.json");
    assert.equal(event.details.added, 1);
  });

  test("importing the same release again changes nothing", async () => {
    const result = await importFile("HPO", fixture("hp.obo"));
    assert.ok(result.ok);
    assert.deepEqual([result.added, result.updated, result.unchanged, result.retired], [0, 0, 5, 0]);
  });

  test("a term the release brings back is in use again", async () => {
    const file = write("hp-neoplasm.obo", `${fs.readFileSync(fixture("hp.obo"), "utf8")}\n[Term]\nid: HP:0002664\nname: Neoplasm\n`);
    const result = await importFile("HPO", file);
    assert.ok(result.ok);
    assert.equal(result.updated, 1);
    assert.equal((await findTerms(database.db, "HPO", ["HP:0002664"])).get("HP:0002664")?.label, "Neoplasm");
  });
});

describe("Orphanet", () => {
  test("en_product1.xml (ISO-8859-1): codes, names, synonyms, ICD-10 mappings only, obsolete entities with their replacement", async () => {
    const result = await importFile("ORPHA", fixture("en_product1.xml"));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.version, "2025-06-16 06:15:06 1.3.37 / 4.1.7 [2024-07-24] (orientdb version)");
    assert.equal(result.terms, 5);
    const marfan = await term("ORPHA", "ORPHA:558");
    assert.deepEqual([marfan.label, marfan.synonyms, marfan.icd10, marfan.isObsolete], ["Marfan syndrome", ["MFS"], ["Q87.4"], false]);
    assert.deepEqual((await term("ORPHA", "ORPHA:319")).icd10, ["C41.9"], "a range is not an ICD-10 code");
    assert.deepEqual((await term("ORPHA", "ORPHA:44890")).icd10, ["C49.4"]);
    const behcet = await term("ORPHA", "ORPHA:117");
    assert.equal(behcet.label, "Behçet disease");
    assert.deepEqual(behcet.synonyms, ["Adamantiades-Behçet disease"]);
    const moved = await term("ORPHA", "ORPHA:99999");
    assert.deepEqual([moved.label, moved.isObsolete, moved.replacedBy], ["Test entity moved elsewhere", true, "ORPHA:558"]);
    assert.deepEqual(
      (await searchTerms(database.db, "ORPHA", "behcet")).map((found) => found.code),
      ["ORPHA:117"],
    );
    assert.equal((await findTerms(database.db, "ORPHA", ["ORPHA:586"])).size, 0, "the starter's Cystic fibrosis is not in this release");
  });
});

describe("ICD-10", () => {
  test("ClaML: categories only, their preferred label (nested fragments included), inclusions as synonyms, their parent category", async () => {
    const result = await importFile("ICD10", fixture("icd10.claml.xml"));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.version, "ICD-10 2019");
    assert.equal(result.terms, 4, "C49, C49.0, C49.9 and Q87.4, not the chapter nor the block");
    const c490 = await term("ICD10", "C49.0");
    assert.equal(c490.label, "Connective and soft tissue of head, face and neck");
    assert.deepEqual(c490.synonyms, ["Connective tissue of: ear eyelid"]);
    assert.deepEqual(c490.parents, ["C49"]);
    assert.deepEqual((await term("ICD10", "C49")).synonyms, ["blood vessel"], "exclusions are not synonyms");
    assert.deepEqual((await term("ICD10", "C49")).parents, [], "a block is not a parent category");
    assert.equal(await term("ICD10", "II"), undefined);
  });

  test("CSV: code,label,synonyms with synonyms separated by |; a parent when the file has the category", async () => {
    const read = await readIcd10Csv(fs.createReadStream(fixture("icd10.csv")));
    assert.deepEqual(read.problems, []);
    const c499 = read.entries.find((entry) => entry.code === "C49.9");
    assert.deepEqual(c499?.synonyms, ["Soft tissue sarcoma", "Sarcoma NOS"]);
    assert.deepEqual(c499?.parents, ["C49"]);
    assert.deepEqual(read.entries.find((entry) => entry.code === "Q87.4")?.parents, []);
    const result = await importFile("ICD10", fixture("icd10.csv"));
    assert.ok(result.ok);
    assert.equal(result.terms, 3);
    assert.equal((await findTerms(database.db, "ICD10", ["C49.0"])).size, 0, "not in this release");
  });
});

describe("bad files: every problem with its position, and nothing written", () => {
  test("hp.obo with a code twice, a term without name and a malformed HP id", async () => {
    const before = await snapshot();
    const file = write(
      "bad.obo",
      [
        "format-version: 1.2",
        "",
        "[Term]",
        "id: HP:0001250",
        "name: Seizure",
        "",
        "[Term]",
        "id: HP:0001250",
        "name: Seizure again",
        "",
        "[Term]",
        "id: HP:0000002",
        "",
        "[Term]",
        "id: HP:12",
        "name: Short id",
        "",
      ].join("\n"),
    );
    const result = await importFile("HPO", file);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      { position: "line 7", message: "HP:0001250 is already at line 3" },
      { position: "line 11", message: "HP:0000002 has no label" },
      { position: "line 14", message: "“HP:12” is not a HPO code (like HP:0001250)" },
    ]);
    assert.deepEqual(await snapshot(), before);
  });

  test("a cut hp.json is not valid JSON", async () => {
    const before = await snapshot();
    const text = fs.readFileSync(fixture("hp.json"), "utf8");
    const result = await importFile("HPO", write("cut.json", text.slice(0, text.length / 2)));
    assert.ok(!result.ok);
    assert.match(result.problems[0].message, /not valid JSON/);
    assert.deepEqual(await snapshot(), before);
  });

  test("a malformed Orphanet file names the line where it breaks", async () => {
    const before = await snapshot();
    const file = write(
      "broken.xml",
      '<?xml version="1.0"?>\n<JDBOR>\n<DisorderList>\n<Disorder><OrphaCode>558</OrphaCode><Name>Marfan syndrome</Disorder>\n</DisorderList></JDBOR>\n',
    );
    const result = await importFile("ORPHA", file);
    assert.ok(!result.ok);
    assert.equal(result.problems[0].position, "line 4");
    assert.match(result.problems[0].message, /not well-formed XML/);
    assert.deepEqual(await snapshot(), before);
  });

  test("an ICD-10 CSV with a wrong code and a short row; a CSV with other columns", async () => {
    const before = await snapshot();
    const result = await importFile("ICD10", write("bad.csv", "code,label\nC49.9,Soft tissue\nC4,Too short\nQ87.4\n"));
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      { position: "line 4", message: "expected 2 fields (code,label), found 1" },
      { position: "line 3", message: "“C4” is not a ICD-10 code (like C49.9)" },
    ]);
    const header = await importFile("ICD10", write("header.csv", "icd,name\nC49.9,Soft tissue\n"));
    assert.ok(!header.ok);
    assert.match(header.problems[0].message, /the first row names the columns: code,label/);
    assert.deepEqual(await snapshot(), before);
  });

  test("a file of the wrong kind for its terminology, or holding no term", async () => {
    const wrongKind = await importFile("ORPHA", fixture("hp.json"));
    assert.ok(!wrongKind.ok);
    assert.equal(wrongKind.problems[0].message, "hp.json: a ORPHA file ends in .xml");
    const empty = await importFile("ORPHA", write("empty.xml", '<?xml version="1.0"?><JDBOR><DisorderList count="0"/></JDBOR>'));
    assert.ok(!empty.ok);
    assert.equal(empty.problems[0].message, "the file holds no Orphanet term");
  });

  test("a dry run counts and writes nothing", async () => {
    const before = await snapshot();
    const result = await importFile("ICD10", fixture("icd10.claml.xml"), { dryRun: true });
    assert.ok(result.ok);
    assert.equal(result.dryRun, true);
    // After the CSV release: C49 gains a synonym, C49.0 comes back from obsolete, C49.9 gets ClaML's label, Q87.4 its parent Q87.
    assert.deepEqual([result.added, result.updated, result.unchanged, result.retired], [0, 4, 0, 0]);
    assert.deepEqual(await snapshot(), before);
  });

  test("a stream that fails midway is reported, not half-imported", async () => {
    const before = await snapshot();
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('{"graphs":[{"nodes":[{"id":"http://purl.obolibrary.org/obo/HP_0000001","lbl":"All"},');
        throw new Error("the disk went away");
      })(),
    );
    const result = await importTerminology(database.db, "HPO", { name: "hp.json", open: () => failing });
    assert.ok(!result.ok);
    assert.match(result.problems[0].message, /the disk went away/);
    assert.deepEqual(await snapshot(), before);
  });
});
