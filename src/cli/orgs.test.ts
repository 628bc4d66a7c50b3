/*
 * `opencpms orgs`: importing healthcare providers from CSV on a test
 * system's database (with the demo providers), all or nothing, and once as
 * a real process on a fresh embedded database.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import { seedAccessCatalog } from "../access/catalog/seed.ts";
import { providers } from "../access/catalog/tables.ts";
import { auditEvents } from "../access/pg-schema.ts";
import { startTestSystem } from "../platform/testing/test-system.ts";
import type { System } from "../system.ts";
import { orgsCommand } from "./orgs.ts";

let system: System;
let folder: string;
before(async () => {
  system = await startTestSystem();
  await seedAccessCatalog(system.database.db, { demoProviders: true });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-orgs-"));
});
after(async () => {
  await system.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function orgs(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = { log: (line: string) => stdout.push(line), error: (line: string) => stderr.push(line) };
  const code = await orgsCommand(args, out, async () => ({ db: system.database.db, config: system.config, close: async () => {} }));
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

function file(name: string, content: string | Buffer): string {
  const where = path.join(folder, name);
  fs.writeFileSync(where, content);
  return where;
}

const provider = async (ern: string, country: string, code: string) =>
  (
    await system.database.db
      .select()
      .from(providers)
      .where(and(eq(providers.ernCode, ern), eq(providers.countryCode, country), eq(providers.code, code)))
  )[0];
const providerCount = async () => Number((await system.database.db.select({ n: sql<number>`count(*)` }).from(providers))[0].n);
const imports = () => system.database.db.select().from(auditEvents).where(eq(auditEvents.type, "catalog.providers_imported"));

describe("opencpms orgs import", () => {
  test("a good file adds new providers, updates known ones, says so, and is audited", async () => {
    const csv = file(
      "good.csv",
      [
        "\uFEFFern,country,code,name,city,website",
        'EURACAN,fr,fr40,"Institut de Cancérologie de l\'Ouest, site Paul Papin",Angers,https://www.ico-cancer.fr',
        'EURACAN,FR,FR36,"Institut Curie ""Paris""",Paris,https://institut-curie.org',
        'EURACAN,FR,FR01,"Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière",Paris,https://www.aphp.fr',
        "ReCONNET,IT,IT99,Ospedale di prova,,",
        "",
      ].join("\r\n"),
    );
    const before = await providerCount();
    const run = await orgs("import", csv);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `Imported ${csv}: 2 added, 1 updated, 1 unchanged (4 rows).`);
    assert.equal(await providerCount(), before + 2);
    const ico = await provider("EURACAN", "FR", "FR40");
    assert.deepEqual(
      [ico.name, ico.city, ico.website, ico.isGuest],
      ["Institut de Cancérologie de l'Ouest, site Paul Papin", "Angers", "https://www.ico-cancer.fr", false],
    );
    assert.equal(ico.searchText, "fr40 institut de cancerologie de l'ouest, site paul papin angers");
    const curie = await provider("EURACAN", "FR", "FR36");
    assert.equal(curie.name, 'Institut Curie "Paris"');
    assert.match(curie.searchText, /"paris"/);
    const test = await provider("ReCONNET", "IT", "IT99");
    assert.deepEqual([test.city, test.website], [null, null]);
    const [event] = (await imports()).slice(-1);
    assert.deepEqual(event.details, { source: "good.csv", rows: 4, added: 2, updated: 1, unchanged: 1 });

    const again = await orgs("import", csv);
    assert.equal(again.stdout, `Imported ${csv}: 0 added, 0 updated, 4 unchanged (4 rows).`);
  });

  test("a dry run counts and writes nothing", async () => {
    const csv = file("dry.csv", "code,name,ern,country\nDE90,Universitätsklinikum Würzburg,EURACAN,DE\nDE01,Charité Berlin,EURACAN,DE\n");
    const audited = (await imports()).length;
    const run = await orgs("import", csv, "--dry-run");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `Dry run of ${csv}: 1 added, 1 updated, 0 unchanged (2 rows). Nothing was written.`);
    assert.equal(await provider("EURACAN", "DE", "DE90"), undefined);
    assert.equal((await provider("EURACAN", "DE", "DE01")).name, "Charité – Universitätsmedizin Berlin");
    assert.equal((await imports()).length, audited);
  });

  test("bad rows are each reported with the line they start on, and nothing at all is written", async () => {
    const csv = file(
      "bad.csv",
      [
        "ern,country,code,name,city,website",
        "EURACAN,FR,FR41,A good new hospital,Lyon,", // 2: good, yet not written
        "EURACAM,FR,FR42,Typo in the ERN,Lyon,", // 3
        "euracan,FR,FR43,Wrong case,Lyon,", // 4
        "EURACAN,UK,UK01,Not in the EU,London,", // 5
        "EURACAN,FR,FR12345678901,Code too long,Paris,", // 6
        "EURACAN,FR,FR44,,Paris,", // 7
        "EURACAN,FR,fr41,Same as line 2,Lyon,", // 8
        'EURACAN,FR,FR45,"A name on', // 9 …
        'two lines",Lyon,ftp://example.org', // … 10
        "EURACAN,FR,0000,Guest again,,", // 11
        "EURACAN,FR,FR46,Too few fields", // 12
        "EURACAN,FR,FR01,Assistance Publique renamed,Paris,", // 13: good, yet not written
      ].join("\n"),
    );
    const before = await providerCount();
    const audited = (await imports()).length;
    const run = await orgs("import", csv);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.deepEqual(run.stderr.split("\n"), [
      `${csv}: line 3: there is no ERN “EURACAM”`,
      `${csv}: line 4: there is no ERN “euracan”: did you mean EURACAN?`,
      `${csv}: line 5: there is no country “UK” (use the two-letter ISO code of an EU/EEA country, like FR)`,
      `${csv}: line 6: the code “FR12345678901” must be 1 to 10 letters, digits, dots, hyphens or underscores`,
      `${csv}: line 7: name is empty`,
      `${csv}: line 8: EURACAN / FR / FR41 is already on line 2`,
      `${csv}: line 9: the website “ftp://example.org” is not an http(s) address of at most 300 characters`,
      `${csv}: line 11: the code 0000 is Guest Access's, which every ERN and country has already`,
      `${csv}: line 12: expected 6 fields (ern,country,code,name,city,website), found 4`,
      "Nothing was imported: fix these 9 rows and run the import again.",
    ]);
    assert.equal(await providerCount(), before);
    assert.equal(await provider("EURACAN", "FR", "FR41"), undefined);
    assert.equal((await provider("EURACAN", "FR", "FR01")).name, "Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière");
    assert.equal((await imports()).length, audited);
  });

  test("a file that is not a provider list is refused before anything is read into the catalogue", async () => {
    const cases: [string, string | Buffer, string][] = [
      ["columns.csv", "ern,country,code,name,town\nEURACAN,FR,FR50,X,Y\n", "line 1: unknown column “town”: the columns are ern,country,code,name,city,website"],
      [
        "missing.csv",
        "ern,country,name\nEURACAN,FR,X\n",
        "line 1: the header row lacks code: the columns are ern,country,code,name,city,website (city and website may be left out)",
      ],
      ["header-only.csv", "ern,country,code,name\n", "line 2: the file has no healthcare provider after its header row"],
      ["empty.csv", "", "line 1: the file is empty: its first row names the columns (ern,country,code,name,city,website)"],
      ["quote.csv", 'ern,country,code,name\nEURACAN,FR,FR51,"Unclosed\n', "line 2: this is not valid CSV: Quote Not Closed"],
      ["latin1.csv", Buffer.from("ern,country,code,name\nEURACAN,FR,FR52,H\xf4pital\n", "latin1"), "is not UTF-8 text"],
    ];
    const before = await providerCount();
    for (const [name, content, message] of cases) {
      const run = await orgs("import", file(name, content));
      assert.equal(run.code, 1, name);
      assert.ok(run.stderr.includes(message), `${name}: ${run.stderr}`);
    }
    const absent = await orgs("import", path.join(folder, "absent.csv"));
    assert.deepEqual([absent.code, absent.stderr], [1, `Cannot read ${path.join(folder, "absent.csv")}: there is no such file.`]);
    assert.equal(await providerCount(), before);
  });

  test("a wrong command line prints the usage", async () => {
    for (const args of [["import"], ["import", "a.csv", "b.csv"], ["import", "a.csv", "--force"], ["frobnicate"]]) {
      const run = await orgs(...args);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, /opencpms orgs import FILE\.csv \[--dry-run\]/);
    }
  });
});

describe("opencpms orgs list", () => {
  test("lists an ERN's providers in a country by code, without Guest Access", async () => {
    const run = await orgs("list", "--ern", "ReCONNET", "--country", "it");
    assert.equal(run.code, 0);
    const lines = run.stdout.split("\n");
    assert.deepEqual(
      lines.slice(0, -1).map((line) => line.split("\t")[2]),
      ["IT04", "IT07", "IT08", "IT13", "IT34", "IT37", "IT42", "IT61", "IT99"],
    );
    assert.equal(lines[2], "ReCONNET\tIT\tIT08\tAOU Pisana\tPisa");
    assert.equal(lines.at(-1), "9 healthcare providers.");
  });
});

describe("opencpms orgs as a program", () => {
  const ROOT = fileURLToPath(new URL("../..", import.meta.url));

  test("imports into a fresh embedded database, whose ERNs and countries it seeds first", {
    skip: !!process.env.DATABASE_URL && "runs on the embedded database",
  }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-orgs-data-"));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" };
      delete env.NODE_TEST_CONTEXT; // the child is a program, not a test
      const csv = file("program.csv", "ern,country,code,name,city\nEURACAN,FR,FR01,Hôpital Pitié-Salpêtrière,Paris\nVASCERN,NL,NL03,Amsterdam UMC,Amsterdam\n");
      const child = spawn(path.join(ROOT, "node_modules/.bin/node"), ["src/cli.ts", "orgs", "import", csv], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      const code = await new Promise((resolve) => child.once("close", resolve));
      assert.equal(code, 0, output);
      assert.match(output, /Imported .*program\.csv: 2 added, 0 updated, 0 unchanged \(2 rows\)\./);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
