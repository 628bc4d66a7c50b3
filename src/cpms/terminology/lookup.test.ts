/* Finding and searching terms in the starter sets: canonical codes only, no obsolete term for new data, best matches first. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { migrateServices } from "../../platform/db/migrate.ts";
import { openTestDatabase } from "../../platform/testing/test-database.ts";
import { describeTerms, findTerms, searchTerms } from "./lookup.ts";
import { ReleaseReader } from "./formats/release-reader.ts";
import { STARTER_SETS, seedStarterTerms } from "./starter/seed.ts";
import { terms } from "./tables.ts";
import type { TermSystem } from "./lookup.ts";

let database: Awaited<ReturnType<typeof openTestDatabase>>;

before(async () => {
  database = await openTestDatabase();
  await migrateServices(database, ["cpms"]);
  assert.deepEqual(await seedStarterTerms(database.db), ["HPO", "ORPHA", "ICD10"]);
});
after(() => database?.close());

const codes = (found: { code: string }[]) => found.map((term) => term.code);

describe("the starter sets", () => {
  test("every starter term passes the importers' checks, and each set has the size the demo needs", () => {
    const sizes: Record<string, number> = {};
    for (const [system, entries] of Object.entries(STARTER_SETS)) {
      const reader = new ReleaseReader(system as TermSystem);
      for (const [index, entry] of entries.entries()) reader.add(`entry ${index + 1}`, entry);
      const result = reader.result();
      assert.deepEqual(result.problems, [], system);
      sizes[system] = result.entries.length;
    }
    assert.ok(sizes.HPO >= 80 && sizes.ORPHA >= 50 && sizes.ICD10 >= 60, JSON.stringify(sizes));
  });

  test("every ICD-10 code an Orphanet starter concept maps to is in the ICD-10 starter set", () => {
    const icd10 = new Set(STARTER_SETS.ICD10.map((entry) => entry.code));
    const missing = STARTER_SETS.ORPHA.flatMap((entry) => (entry.icd10 ?? []).filter((code) => !icd10.has(code)).map((code) => `${entry.code} → ${code}`));
    assert.deepEqual(missing, []);
  });

  test("a second start leaves the terms alone: seeding only fills an empty terminology", async () => {
    await database.db
      .update(terms)
      .set({ label: "Seizure (edited)" })
      .where(and(eq(terms.system, "HPO"), eq(terms.code, "HP:0001250")));
    assert.deepEqual(await seedStarterTerms(database.db), []);
    const [seizure] = await database.db
      .select()
      .from(terms)
      .where(and(eq(terms.system, "HPO"), eq(terms.code, "HP:0001250")));
    assert.equal(seizure.label, "Seizure (edited)");
    await database.db
      .update(terms)
      .set({ label: "Seizure" })
      .where(and(eq(terms.system, "HPO"), eq(terms.code, "HP:0001250")));
  });
});

describe("findTerms", () => {
  test("finds canonical codes with their labels and an Orphanet concept's ICD-10 codes", async () => {
    const found = await findTerms(database.db, "ORPHA", ["ORPHA:558", "ORPHA:44890"]);
    assert.equal(found.get("ORPHA:558")?.label, "Marfan syndrome");
    assert.deepEqual(found.get("ORPHA:558")?.icd10, ["Q87.4"]);
    assert.equal(found.get("ORPHA:44890")?.label, "Gastrointestinal stromal tumor");
    assert.equal((await findTerms(database.db, "ICD10", ["C49.9"])).get("C49.9")?.label, "Malignant neoplasm: Connective and soft tissue, unspecified");
  });

  test("only canonical forms: lower case, missing zeros, a bare number or another system's code are not found", async () => {
    const found = await findTerms(database.db, "HPO", ["hp:0001250", "HP:1250", "0001250", "HP_0001250", "ORPHA:558", "HP:9999999"]);
    assert.equal(found.size, 0);
    assert.equal((await findTerms(database.db, "ORPHA", ["558", "orpha:558", "ORPHA:0558"])).size, 0);
    assert.equal((await findTerms(database.db, "ICD10", ["c49.9", "C499", "C49.90 "])).size, 0);
  });

  test("an obsolete term is not found for new data, but is still described for records that hold it", async () => {
    await database.db.insert(terms).values({
      system: "HPO",
      code: "HP:0000000",
      label: "Retired test term",
      isObsolete: true,
      replacedBy: "HP:0001250",
      labelKey: "retired test term",
      searchText: " retired test term ",
      source: "test",
    });
    assert.equal((await findTerms(database.db, "HPO", ["HP:0000000"])).size, 0);
    const described = (await describeTerms(database.db, "HPO", ["HP:0000000"])).get("HP:0000000");
    assert.equal(described?.isObsolete, true);
    assert.equal(described?.replacedBy, "HP:0001250");
    assert.deepEqual(codes(await searchTerms(database.db, "HPO", "retired")), []);
    assert.deepEqual(codes(await searchTerms(database.db, "HPO", "HP:0000000")), []);
  });
});

describe("searchTerms", () => {
  test("an exact code comes first, then codes starting so", async () => {
    assert.deepEqual(codes(await searchTerms(database.db, "ICD10", "C49.9")), ["C49.9"]);
    const c49 = codes(await searchTerms(database.db, "ICD10", "c49"));
    assert.deepEqual(c49.slice().sort(), ["C49.0", "C49.1", "C49.2", "C49.3", "C49.4", "C49.5", "C49.9"]);
  });

  test("typed forms of codes: 'hp:1250' and '1250' find HP:0001250 first; '558' finds ORPHA:558", async () => {
    assert.equal(codes(await searchTerms(database.db, "HPO", "hp:1250"))[0], "HP:0001250");
    assert.equal(codes(await searchTerms(database.db, "HPO", "1250"))[0], "HP:0001250");
    assert.equal(codes(await searchTerms(database.db, "ORPHA", "558"))[0], "ORPHA:558");
    assert.equal(codes(await searchTerms(database.db, "ORPHA", "ORPHA:558"))[0], "ORPHA:558");
  });

  test("an exact label comes before labels starting with it, which come before labels holding the word", async () => {
    const found = codes(await searchTerms(database.db, "HPO", "sarcoma"));
    assert.equal(found[0], "HP:0100242", "Sarcoma itself");
    assert.ok(found.indexOf("HP:0012254") > 0, "Ewing sarcoma holds the word");
    const seizure = codes(await searchTerms(database.db, "HPO", "seiz"));
    assert.deepEqual(seizure.slice(0, 2), ["HP:0001250", "HP:0007359"], "Seizure starts with it, Focal-onset seizure holds it");
  });

  test("words in any order, each the start of a word, across hyphens, without accents or case", async () => {
    assert.deepEqual(codes(await searchTerms(database.db, "ORPHA", "danlos vasc")), ["ORPHA:286"]);
    assert.equal(codes(await searchTerms(database.db, "ORPHA", "EHLERS-DANLOS"))[0], "ORPHA:98249");
    assert.deepEqual(codes(await searchTerms(database.db, "ORPHA", "behcet")), ["ORPHA:117"]);
    assert.deepEqual(codes(await searchTerms(database.db, "HPO", "café au lait")), ["HP:0000957"]);
    assert.deepEqual(codes(await searchTerms(database.db, "HPO", "arcoma")), [], "a word's middle is not its start");
  });

  test("synonyms are searched, after labels", async () => {
    assert.deepEqual(codes(await searchTerms(database.db, "ORPHA", "von recklinghausen")), ["ORPHA:636"]);
    assert.deepEqual(codes(await searchTerms(database.db, "ORPHA", "gist")), ["ORPHA:44890"]);
    const tumor = codes(await searchTerms(database.db, "HPO", "wilms"));
    assert.deepEqual(tumor, ["HP:0002667"]);
  });

  test("the limit is kept, and nothing is searched for punctuation alone or an unknown word", async () => {
    assert.equal((await searchTerms(database.db, "HPO", "a", 3)).length, 3);
    const many = Array.from({ length: 60 }, (_, index) => `Z${10 + index}`);
    await database.db.insert(terms).values(
      many.map((code) => ({
        system: "ICD10" as const,
        code,
        label: `Limit test ${code}`,
        labelKey: `limit test ${code.toLowerCase()}`,
        searchText: ` limit test ${code.toLowerCase()} `,
        source: "test",
      })),
    );
    assert.equal((await searchTerms(database.db, "ICD10", "limit test", 10_000)).length, 50);
    assert.deepEqual(await searchTerms(database.db, "HPO", " -%_ "), []);
    assert.deepEqual(await searchTerms(database.db, "HPO", "zzzzqq"), []);
  });

  test("LIKE wildcards typed by a user are not wildcards: they separate words like any punctuation", async () => {
    assert.deepEqual(await searchTerms(database.db, "ICD10", "%"), []);
    assert.deepEqual(await searchTerms(database.db, "ICD10", "_49"), []);
    assert.deepEqual(codes(await searchTerms(database.db, "HPO", "sarc%")), codes(await searchTerms(database.db, "HPO", "sarc")));
  });
});
