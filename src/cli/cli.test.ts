/*
 * The `opencpms` command, run as a real process on a real database: the
 * embedded one in a fresh DATA_DIR, or — when DATABASE_URL is set — a fresh
 * database on that PostgreSQL server.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { enqueue } from "../platform/mail/outbox.ts";
import { openTestDatabase } from "../platform/testing/test-database.ts";
import { startTestSystem } from "../platform/testing/test-system.ts";
import { outbox } from "../identity/pg-schema.ts";
import type { System } from "../system.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NODE = path.join(ROOT, "node_modules/.bin/node");
const STRONG_PASSWORD = "Lagoon-Violet-Cedar-42";

type Run = { code: number | null; stdout: string; stderr: string };

function opencpms(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent" };
  delete childEnv.DATABASE_URL;
  delete childEnv.NODE_TEST_CONTEXT; // the child is a program, not a test
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, ["src/cli.ts", ...args], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const show = (run: Run) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;

describe("The opencpms command", () => {
  let dataDir: string;
  let env: Record<string, string | undefined>;
  let closeDatabase = async () => {};
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-cli-"));
    env = { DATA_DIR: dataDir };
    // A server that has ended left its note behind: the commands must ignore it.
    const ended = spawn(NODE, ["-e", ""]);
    await new Promise((resolve) => ended.once("close", resolve));
    fs.writeFileSync(path.join(dataDir, "server.json"), JSON.stringify({ pid: ended.pid, urls: { identity: "http://127.0.0.1:9" }, services: ["identity"] }));
    if (process.env.DATABASE_URL) {
      const database = await openTestDatabase();
      env.DATABASE_URL = database.url;
      closeDatabase = database.close;
    }
  });
  after(async () => {
    await closeDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("migrate applies the migrations and exits 0", async () => {
    const run = await opencpms(["migrate"], env);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /Migrations applied for cpms, identity, access\./);
    if (!process.env.DATABASE_URL) assert.ok(fs.existsSync(path.join(dataDir, "pglite")), "the embedded database is in DATA_DIR");
  });

  test("users add with a strong password creates the account and says it can sign in now", async () => {
    const run = await opencpms(
      ["users", "add", "--email", "Ana.Ferreira@CHLC.example", "--first", "Ana", "--last", "Ferreira", "--password", STRONG_PASSWORD],
      env,
    );
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^Account ana\.ferreira@chlc\.example created \(id [0-9a-f-]{36}\); it can sign in now\.$/m);
  });

  test("users add for an existing e-mail fails with a clear message", async () => {
    const run = await opencpms(
      ["users", "add", "--email", "ana.ferreira@chlc.example", "--first", "Ana", "--last", "Other", "--password", STRONG_PASSWORD],
      env,
    );
    assert.notEqual(run.code, 0, show(run));
    assert.equal(run.stderr.trim(), "An account with ana.ferreira@chlc.example already exists.");
    assert.doesNotMatch(run.stderr, /\bat .*:\d+:\d+/, "no stack trace");
  });

  test("users add refuses a weak password with the policy's message", async () => {
    const run = await opencpms(["users", "add", "--email", "jan.novak@fnmotol.example", "--first", "Jan", "--last", "Novak", "--password", "password"], env);
    assert.notEqual(run.code, 0, show(run));
    assert.match(run.stderr, /Your password must be at least 10 characters long\./);
    assert.match(run.stderr, /too easy to guess/);
    assert.doesNotMatch(run.stdout, /created/);
  });

  test("users add without a password mails a create-password link through the outbox (the refused weak attempt left nothing)", async () => {
    const run = await opencpms(["users", "add", "--email", "jan.novak@fnmotol.example", "--first", "Jan", "--last", "Novak"], env);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /Account jan\.novak@fnmotol\.example created .*a mail with a link to create the password is in the outbox\./);
  });

  test("users add without --email or names exits 2 and says what is missing", async () => {
    const run = await opencpms(["users", "add", "--email", "x@example.org"], env);
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /Missing --first, --last\./);
  });

  test("outbox --json prints one JSON object per line, with the create-password mail (a stale server.json is ignored)", async () => {
    const run = await opencpms(["outbox", "--json"], env);
    assert.equal(run.code, 0, show(run));
    const lines = run.stdout.trim().split("\n");
    const entries = lines.map((line) => JSON.parse(line));
    for (const entry of entries) {
      for (const key of ["channel", "to", "subject", "text", "createdAt", "status", "service", "id"])
        assert.ok(key in entry, `${key} in ${JSON.stringify(entry)}`);
      assert.ok(!Number.isNaN(Date.parse(entry.createdAt)), entry.createdAt);
    }
    const mails = entries.filter((entry) => entry.to === "jan.novak@fnmotol.example");
    assert.equal(mails.length, 1, run.stdout);
    const [mail] = mails;
    assert.equal(mail.channel, "mail");
    assert.equal(mail.service, "identity");
    assert.equal(mail.status, "pending");
    assert.equal(mail.subject, "OpenCPMS Login: you have been registered");
    assert.match(mail.text, /^Dear Jan,/);
    assert.match(mail.text, /http:\/\/localhost:3001\/password\/set\?token=[\w-]+/);
    assert.equal(entries.filter((entry) => entry.to === "ana.ferreira@chlc.example").length, 0, "an account created with a password gets no mail");
  });

  test("outbox prints each message readably with its subject and text", async () => {
    const run = await opencpms(["outbox"], env);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /── mail to jan\.novak@fnmotol\.example · \S+ · pending \(identity #\d+\)/);
    assert.match(run.stdout, /^Subject: .*you have been registered/m);
    assert.match(run.stdout, /\/password\/set\?token=/);
  });

  test("an unknown command exits 2 with the usage", async () => {
    const run = await opencpms(["frobnicate"], env);
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /Unknown command "frobnicate"\./);
    assert.match(run.stderr, /Usage:\n {2}opencpms start/);
    assert.match(run.stderr, /opencpms outbox \[--json\] \[--follow\]/);
  });

  test("a wrong configuration value exits 2 naming the variable", async () => {
    const run = await opencpms(["migrate"], { ...env, SERVICES: "foo" });
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /^Configuration error: SERVICES="foo" is not valid/m);
  });
});

describe("The opencpms command while a server holds the embedded database", () => {
  let system: System;
  let dataDir: string;
  before(async () => {
    system = await startTestSystem({ SERVICES: "identity", DEV_PAGES: "on" }, { listen: true });
    await enqueue(system.database.db, outbox, {
      channel: "mail",
      to: "lars.holm@rh.example",
      subject: "OpenCPMS Login: a test mail",
      text: "Hello Lars",
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-cli-held-"));
    // As the server notes it (data-dir-lock.ts): this live process holds the database.
    fs.writeFileSync(path.join(dataDir, "server.json"), JSON.stringify({ pid: process.pid, urls: system.config.urls, services: system.config.services }));
  });
  after(async () => {
    await system?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("outbox --json reads the mails through the server's /dev/outbox.json", async () => {
    const run = await opencpms(["outbox", "--json"], { DATA_DIR: dataDir });
    assert.equal(run.code, 0, show(run));
    const entries = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    assert.equal(entries.length, 1, run.stdout);
    assert.equal(entries[0].to, "lars.holm@rh.example");
    assert.equal(entries[0].subject, "OpenCPMS Login: a test mail");
    assert.equal(entries[0].text, "Hello Lars");
    assert.equal(entries[0].service, "identity");
    assert.equal(entries[0].channel, "mail");
    assert.equal(fs.existsSync(path.join(dataDir, "pglite")), false, "the CLI did not open the embedded database itself");
  });

  test("users add explains that the running server holds the database, and changes nothing", async () => {
    const run = await opencpms(["users", "add", "--email", "eva.berg@ki.example", "--first", "Eva", "--last", "Berg"], { DATA_DIR: dataDir });
    assert.equal(run.code, 1, show(run));
    assert.equal(
      run.stderr.trim(),
      `The embedded database is in use by the running server (pid ${process.pid}). Stop it first, or run OpenCPMS on PostgreSQL (DATABASE_URL).`,
    );
    assert.equal(fs.existsSync(path.join(dataDir, "pglite")), false);
  });
});
