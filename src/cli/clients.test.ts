/*
 * `opencpms clients`: the command's functions on a test system's database,
 * and once as a real process on a fresh embedded database.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { and, eq, isNull } from "drizzle-orm";
import { sha256 } from "../platform/crypto.ts";
import { startTestSystem } from "../platform/testing/test-system.ts";
import { oidcClients } from "../identity/oidc/tables.ts";
import { auditEvents } from "../identity/pg-schema.ts";
import type { System } from "../system.ts";
import { clientsCommand } from "./clients.ts";

let system: System;
before(async () => {
  system = await startTestSystem();
});
after(() => system.close());

/** Runs the command on the test system's database and returns its exit code and output. */
async function clients(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = { log: (line: string) => stdout.push(line), error: (line: string) => stderr.push(line) };
  let opened = false;
  const code = await clientsCommand(args, out, async () => {
    opened = true;
    return { db: system.database.db, config: system.config, close: async () => {} };
  });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n"), opened };
}

const printed = (stdout: string, name: string) => stdout.match(new RegExp(`^${name}: +(\\S+)$`, "m"))?.[1];
const rowOf = async (clientId: string) => (await system.database.db.select().from(oidcClients).where(eq(oidcClients.clientId, clientId)))[0];

describe("opencpms clients", () => {
  test("add prints the client id and the secret once, says so, and stores only the secret's hash", async () => {
    const run = await clients(
      "add",
      "--name",
      "Rare disease registry",
      "--redirect-uri",
      "https://registry.example.org/callback",
      "--redirect-uri",
      "https://registry.example.org/callback2",
      "--post-logout-redirect-uri",
      "https://registry.example.org/",
      "--backchannel-logout-uri",
      "https://registry.example.org/logout",
      "--acr",
      "substantial",
      "--client-credentials",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Application "Rare disease registry" registered \(authorization_code, refresh_token, client_credentials; level substantial\)\./);
    assert.match(run.stdout, /The client secret is shown only once: store it now\./);
    const clientId = printed(run.stdout, "client_id") as string;
    const clientSecret = printed(run.stdout, "client_secret") as string;
    const row = await rowOf(clientId);
    assert.equal(row.secretHash, sha256(clientSecret));
    assert.deepEqual(row.redirectUris, ["https://registry.example.org/callback", "https://registry.example.org/callback2"]);
    assert.deepEqual(row.postLogoutRedirectUris, ["https://registry.example.org/"]);
    assert.equal(row.backchannelLogoutUri, "https://registry.example.org/logout");
    const [event] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "admin.oidc_client_added"), isNull(auditEvents.actorId)));
    assert.equal(event.userAgent, "opencpms cli");
    assert.ok(!JSON.stringify(event.details).includes(clientSecret));
  });

  test("--public registers a client without a secret", async () => {
    const run = await clients("add", "--name", "Viewer", "--redirect-uri", "https://viewer.example.org/cb", "--public");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(printed(run.stdout, "client_secret"), undefined);
    assert.match(run.stdout, /A public client has no secret: it signs in with PKCE only\./);
    assert.equal((await rowOf(printed(run.stdout, "client_id") as string)).secretHash, null);
  });

  test("a refused address names the option to fix, exits 1 and registers nothing", async () => {
    const before = (await system.database.db.select().from(oidcClients)).length;
    const run = await clients("add", "--name", "Registry", "--redirect-uri", "https://registry.example.org/*");
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '--redirect-uri: "https://registry.example.org/*" contains a wildcard: register each address in full.');
    const none = await clients("add", "--name", "Registry");
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^--redirect-uri: Enter at least one redirect URI/);
    assert.equal((await system.database.db.select().from(oidcClients)).length, before);
  });

  test("wrong usage exits 2 with the usage, without opening the database", async () => {
    for (const args of [[], ["add", "--redirect-uri", "https://a.example.org/cb"], ["add", "--name", "A", "--acr", "medium"], ["remove"], ["frobnicate"]]) {
      const run = await clients(...args);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, /Usage:\n {2}opencpms clients add --name NAME/);
      assert.equal(run.opened, false);
    }
    assert.match((await clients("add", "--acr", "medium", "--name", "A")).stderr, /^Unknown level "medium": use low, substantial or high\./);
  });

  test("list shows the platform's own clients and the added ones, without secrets", async () => {
    const added = await clients("add", "--name", "Listed app", "--redirect-uri", "https://listed.example.org/cb");
    const run = await clients("list");
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^cpms {2}Clinical Patient Management System {2}\[part of the platform\]$/m);
    assert.match(run.stdout, new RegExp(`^${printed(added.stdout, "client_id")} {2}Listed app$`, "m"));
    assert.match(run.stdout, /^ {2}redirect URI: https:\/\/listed\.example\.org\/cb$/m);
    assert.doesNotMatch(run.stdout, /client_secret/);
  });

  test("rotate-secret prints a new secret once; remove ends the client; the platform's own are refused", async () => {
    const added = await clients("add", "--name", "Short-lived", "--redirect-uri", "https://short.example.org/cb");
    const clientId = printed(added.stdout, "client_id") as string;
    const rotated = await clients("rotate-secret", clientId);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /has a new secret; the previous one no longer works\./);
    const secret = printed(rotated.stdout, "client_secret") as string;
    assert.notEqual(secret, printed(added.stdout, "client_secret"));
    assert.equal((await rowOf(clientId)).secretHash, sha256(secret));

    const removed = await clients("remove", clientId);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Application "Short-lived" \(\w+\) removed/);
    assert.equal(await rowOf(clientId), undefined);
    const again = await clients("remove", clientId);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `There is no application with the client id ${clientId}.`);

    const builtIn = await clients("remove", "cpms");
    assert.equal(builtIn.code, 1);
    assert.match(builtIn.stderr, /is part of the platform: its registration comes from the configuration and cannot be removed\./);
    assert.equal((await clients("rotate-secret", "access")).code, 1);
  });
});

describe("opencpms clients as a program", () => {
  const ROOT = fileURLToPath(new URL("../..", import.meta.url));
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-clients-"));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("adds a client to the embedded database and prints its credentials", {
    skip: !!process.env.DATABASE_URL && "runs on the embedded database",
  }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" };
    delete env.NODE_TEST_CONTEXT; // the child is a program, not a test
    const child = spawn(
      path.join(ROOT, "node_modules/.bin/node"),
      ["src/cli.ts", "clients", "add", "--name", "Registry", "--redirect-uri", "https://registry.example.org/cb"],
      { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.once("close", resolve));
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    assert.match(stdout, /^client_id: +[A-Za-z0-9]{22}$/m);
    assert.match(stdout, /^client_secret: +[\w-]{43}$/m);
    assert.match(stdout, /shown only once/);
  });
});
