/*
 * The registry of CAS services on a real database, through its functions
 * (which the administration page calls) and through `opencpms
 * cas-services`, in-process and once as a real program.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { inArray } from "drizzle-orm";
import { casServicesCommand } from "../../cli/cas-services.ts";
import type { Problem } from "../../platform/http/errors.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { auditEvents } from "../pg-schema.ts";
import { addCasService, findCasService, listCasServices, removeCasService } from "./services.ts";

let system: System;
before(async () => {
  system = await startTestSystem();
});
after(() => system.close());
const db = () => system.database.db;

describe("The registry of CAS services", () => {
  test("add gives the service an id and level low by default; list is by name; remove says whether it removed one", async () => {
    const zeta = await addCasService(db(), { name: "Zeta registry", urlPattern: "https://zeta.example.org/*" });
    const alpha = await addCasService(db(), { name: "  Alpha PACS  ", urlPattern: "https://pacs.example.org/cas/callback", acr: "high" });
    assert.equal(zeta.acr, "low");
    assert.equal(alpha.name, "Alpha PACS", "the name is trimmed");
    assert.equal(alpha.acr, "high");
    const names = (await listCasServices(db())).map((service) => service.name);
    assert.ok(names.indexOf("Alpha PACS") < names.indexOf("Zeta registry"));
    assert.equal(await removeCasService(db(), zeta.id), true);
    assert.equal(await removeCasService(db(), zeta.id), false);
    assert.equal(await removeCasService(db(), "not-an-id"), false);
    assert.ok(!(await listCasServices(db())).some((service) => service.id === zeta.id));
  });

  test("a bad pattern, name or level is a 400 naming its field and what to write; the same pattern twice a 409", async () => {
    const refused = async (input: Parameters<typeof addCasService>[1], field: string, message: RegExp) =>
      assert.rejects(addCasService(db(), input), (error: Problem) => {
        assert.equal(error.status, 400);
        assert.equal(error.errors?.[0].field, field);
        assert.match(error.message, message);
        return true;
      });
    await refused(
      { name: "X", urlPattern: "https://App.example.org/*" },
      "urlPattern",
      /is not a valid service URL pattern: .*write it as https:\/\/app\.example\.org\/\*\.$/,
    );
    await refused({ name: "X", urlPattern: "https://app.example.org/app*" }, "urlPattern", /a \* may only end the pattern/);
    await refused({ name: "X", urlPattern: "http://app.example.org/" }, "urlPattern", /http: is allowed on localhost only/);
    await refused({ name: " ", urlPattern: "https://app.example.org/" }, "name", /name of 1 to 100 characters/);
    await refused({ name: "X", urlPattern: "https://app.example.org/", acr: "top" as "high" }, "acr", /Unknown level “top”/);
    await addCasService(db(), { name: "Once", urlPattern: "https://once.example.org/*" });
    await assert.rejects(addCasService(db(), { name: "Twice", urlPattern: "https://once.example.org/*" }), (error: Problem) => {
      assert.equal(error.status, 409);
      assert.match(error.message, /already registered/);
      return true;
    });
  });

  test("the most specific matching pattern decides, with its level; a look-alike matches none", async () => {
    const site = await addCasService(db(), { name: "Hospital site", urlPattern: "https://hospital.example.org/*" });
    const records = await addCasService(db(), { name: "Records", urlPattern: "https://hospital.example.org/records/*", acr: "substantial" });
    const callback = await addCasService(db(), { name: "Callback", urlPattern: "https://hospital.example.org/records/cas", acr: "high" });
    assert.equal((await findCasService(db(), "https://hospital.example.org/news"))?.id, site.id);
    assert.equal((await findCasService(db(), "https://hospital.example.org/records/patients?x=1"))?.id, records.id);
    assert.equal((await findCasService(db(), "https://hospital.example.org/records/cas?next=%2F"))?.id, callback.id);
    assert.equal((await findCasService(db(), "https://hospital.example.org/recordsx"))?.id, site.id, "beside /records/, the site's pattern");
    for (const lookAlike of [
      "https://hospital.example.org@evil.example/records/",
      "https://hospital.example.org.evil.example/",
      "https://hospital.example.org:444/",
      "http://hospital.example.org/",
      "https://hospital.example.org/records/..%2f..%2fadmin",
      "https://hospital.example.org\\@evil.example/",
      "javascript://hospital.example.org/%0aalert(1)",
    ]) {
      assert.equal(await findCasService(db(), lookAlike), null, lookAlike);
    }
  });
});

describe("opencpms cas-services", () => {
  async function casServices(...args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const out = { log: (line: string) => stdout.push(line), error: (line: string) => stderr.push(line) };
    const code = await casServicesCommand(args, out, async () => ({ db: db(), close: async () => {} }));
    return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
  }

  test("add, list and remove a service; each change is audited", async () => {
    const added = await casServices("add", "--name", "Imaging viewer", "--url-pattern", "https://viewer.example.org/cas/*", "--acr", "substantial");
    assert.equal(added.code, 0, added.stderr);
    const id = added.stdout.match(/\(id ([0-9a-f-]{36})\)/)?.[1];
    assert.ok(id, added.stdout);
    assert.match(added.stdout, /https:\/\/viewer\.example\.org\/cas\/\* receives tickets at level substantial or above/);
    const listed = await casServices("list");
    assert.match(listed.stdout, new RegExp(`^${id}  substantial  https://viewer\\.example\\.org/cas/\\*  Imaging viewer$`, "m"));
    const removed = await casServices("remove", id);
    assert.equal(removed.code, 0, removed.stderr);
    assert.doesNotMatch((await casServices("list")).stdout, /Imaging viewer/);
    const events = await db()
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.type, ["admin.cas_service_added", "admin.cas_service_removed"]));
    assert.deepEqual(
      events.filter((event) => event.details.id === id).map((event) => event.type),
      ["admin.cas_service_added", "admin.cas_service_removed"],
    );
  });

  test("refusals name the option to fix; a wrong command line shows the usage", async () => {
    const badPattern = await casServices("add", "--name", "X", "--url-pattern", "https://x.example.org");
    assert.equal(badPattern.code, 1);
    assert.match(
      badPattern.stderr,
      /^--url-pattern: “https:\/\/x\.example\.org” is not a valid service URL pattern: .*write it as https:\/\/x\.example\.org\/\.$/,
    );
    const badLevel = await casServices("add", "--name", "X", "--url-pattern", "https://x.example.org/", "--acr", "top");
    assert.match(badLevel.stderr, /^--acr: Unknown level “top”/);
    const missing = await casServices("add", "--name", "X");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^Missing --url-pattern\.\nUsage:/);
    assert.equal((await casServices("remove", "00000000-0000-4000-8000-000000000000")).code, 1);
    assert.equal((await casServices("frobnicate")).code, 2);
  });

  test("as a program, on a fresh embedded database", { skip: !!process.env.DATABASE_URL && "runs on the embedded database" }, async () => {
    const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-cas-services-"));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" };
      delete env.NODE_TEST_CONTEXT; // the child is a program, not a test
      const child = spawn(
        path.join(ROOT, "node_modules/.bin/node"),
        ["src/cli.ts", "cas-services", "add", "--name", "Registry", "--url-pattern", "https://registry.example.org/*"],
        { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
      );
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      const code = await new Promise((resolve) => child.once("close", resolve));
      assert.equal(code, 0, output);
      assert.match(output, /CAS service "Registry" registered \(id [0-9a-f-]{36}\)/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
