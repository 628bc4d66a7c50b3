/*
 * `opencpms api-clients`: the command's functions on a test system's
 * database — the webhook secret printed once and kept sealed, refusals
 * naming the option, every change audited in access's audit log.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq, isNull } from "drizzle-orm";
import { apiClients } from "../access/api/tables.ts";
import { openWebhookSecret } from "../access/api/webhook-secret.ts";
import { catalogue, OTHER_APPLICATION } from "../access/api/testing.ts";
import { auditEvents } from "../access/pg-schema.ts";
import { startTestSystem } from "../platform/testing/test-system.ts";
import type { System } from "../system.ts";
import { apiClientsCommand } from "./api-clients.ts";

let system: System;
before(async () => {
  system = await startTestSystem({ SECRETS_KEY: Buffer.alloc(32, 3).toString("base64") });
  await catalogue(system.database.db);
});
after(() => system.close());

async function apiClientsCli(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = { log: (line: string) => stdout.push(line), error: (line: string) => stderr.push(line) };
  let opened = false;
  const code = await apiClientsCommand(args, out, async () => {
    opened = true;
    return { db: system.database.db, config: system.config, close: async () => {} };
  });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n"), opened };
}

const rowOf = async (clientId: string) => (await system.database.db.select().from(apiClients).where(eq(apiClients.clientId, clientId)))[0];
const secretIn = (stdout: string) => stdout.match(/^webhook_secret: (whsec_\S+)$/m)?.[1];
const auditedAs = (type: string) =>
  system.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.type, type), isNull(auditEvents.actorId)));

describe("opencpms api-clients", () => {
  test("add with a webhook URL prints the signing secret once, keeps it sealed, and audits the change without it", async () => {
    const run = await apiClientsCli(
      "add",
      "--client-id",
      "registry-reader",
      "--name",
      "Rare disease registry",
      "--application",
      "CPMS",
      "--application",
      OTHER_APPLICATION,
      "--webhook-url",
      "https://registry.example.org/webhooks/access",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`API client "Rare disease registry" \\(registry-reader\\) may read the authorizations of CPMS, ${OTHER_APPLICATION}\\.`),
    );
    assert.match(run.stdout, /The webhook secret is shown only once: store it now\./);
    const secret = secretIn(run.stdout) as string;
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await rowOf("registry-reader");
    assert.deepEqual(row.applications, ["CPMS", OTHER_APPLICATION]);
    assert.equal(row.webhookUrl, "https://registry.example.org/webhooks/access");
    assert.ok(row.webhookSecret && !row.webhookSecret.includes(secret.slice(6)), "kept sealed, not as printed");
    assert.equal(openWebhookSecret(system.config, "registry-reader", row.webhookSecret), secret);
    const [event] = await auditedAs("admin.api_client_added");
    assert.equal(event.userAgent, "opencpms cli");
    assert.deepEqual(event.details, {
      clientId: "registry-reader",
      name: "Rare disease registry",
      applications: ["CPMS", OTHER_APPLICATION],
      webhookUrl: "https://registry.example.org/webhooks/access",
    });
  });

  test("add without a webhook URL prints no secret", async () => {
    const run = await apiClientsCli("add", "--client-id", "reader-only", "--name", "Reader", "--application", "CPMS");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(secretIn(run.stdout), undefined);
    assert.equal((await rowOf("reader-only")).webhookSecret, null);
  });

  test("refusals name the option, exit 1 and register nothing", async () => {
    const before = (await system.database.db.select().from(apiClients)).length;
    const cases: [string[], string][] = [
      [["--client-id", "x1", "--name", "X", "--application", "NOPE"], "--application: Unknown application: NOPE."],
      [
        ["--client-id", "x2", "--name", "X", "--application", "CPMS", "--webhook-url", "http://hooks.example.org/x"],
        '--webhook-url: "http://hooks.example.org/x" must use https (plain http is accepted for localhost and 127.0.0.1 only).',
      ],
      [
        ["--client-id", "x3", "--name", "X", "--application", "CPMS", "--webhook-url", "not a url"],
        '--webhook-url: "not a url" is not an absolute http(s) address, like https://cpms.hospital.eu/webhooks/access.',
      ],
      [
        ["--client-id", "has space", "--name", "X", "--application", "CPMS"],
        "--client-id: A client id is 1 to 64 letters, digits, dots, dashes or underscores, as identity gave it.",
      ],
      [
        ["--client-id", "reader-only", "--name", "Again", "--application", "CPMS"],
        "reader-only is already an API client: remove it first to register it again.",
      ],
    ];
    for (const [args, message] of cases) {
      const run = await apiClientsCli("add", ...args);
      assert.equal(run.code, 1, args.join(" "));
      assert.equal(run.stderr, message);
    }
    assert.equal((await system.database.db.select().from(apiClients)).length, before);
  });

  test("wrong usage exits 2 with the usage, without opening the database", async () => {
    for (const args of [
      [],
      ["add", "--name", "A", "--application", "CPMS"],
      ["add", "--client-id", "a", "--name", "A"],
      ["remove"],
      ["list", "x"],
      ["frobnicate"],
    ]) {
      const run = await apiClientsCli(...args);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, /Usage:\n {2}opencpms api-clients add --client-id CLIENT_ID/);
      assert.equal(run.opened, false);
    }
  });

  test("list shows the platform's cpms and the added clients, without secrets", async () => {
    const run = await apiClientsCli("list");
    assert.equal(run.code, 0);
    assert.match(run.stdout, new RegExp(`^${system.config.relyingParties.cpms.clientId} {2}Clinical Patient Management System$`, "m"));
    assert.match(
      run.stdout,
      /^registry-reader {2}Rare disease registry\n {2}reads CPMS, TEST-REGISTRY; registered \S+\n {2}webhook: https:\/\/registry\.example\.org\/webhooks\/access$/m,
    );
    assert.doesNotMatch(run.stdout, /whsec_|v1:/);
  });

  test("rotate-webhook-secret prints a new secret once; a client without a webhook has none to rotate", async () => {
    const before = (await rowOf("registry-reader")).webhookSecret;
    const run = await apiClientsCli("rotate-webhook-secret", "registry-reader");
    assert.equal(run.code, 0, run.stderr);
    const secret = secretIn(run.stdout) as string;
    assert.ok(secret);
    const row = await rowOf("registry-reader");
    assert.notEqual(row.webhookSecret, before);
    assert.equal(openWebhookSecret(system.config, "registry-reader", row.webhookSecret as string), secret);
    assert.equal((await auditedAs("admin.api_client_webhook_secret_rotated")).length, 1);
    const none = await apiClientsCli("rotate-webhook-secret", "reader-only");
    assert.equal(none.code, 1);
    assert.equal(none.stderr, "reader-only has no webhook URL, so it has no webhook secret.");
  });

  test("remove takes the client away and audits it; removing it again says there is none", async () => {
    const run = await apiClientsCli("remove", "reader-only");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /API client "Reader" \(reader-only\) removed/);
    assert.equal(await rowOf("reader-only"), undefined);
    assert.equal((await auditedAs("admin.api_client_removed")).length, 1);
    const again = await apiClientsCli("remove", "reader-only");
    assert.equal(again.code, 1);
    assert.equal(again.stderr, "There is no API client reader-only.");
  });
});
