import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { identityPlatform } from "../../identity/pg-schema.ts";
import { loadConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { migrateServices } from "../db/migrate.ts";
import { openTestDatabase } from "../testing/test-database.ts";
import { startTestSystem } from "../testing/test-system.ts";
import { deliverDue } from "../mail/delivery.ts";
import { enqueue } from "../mail/outbox.ts";
import { httpSmsGateway, renderGatewayBody } from "./http-gateway.ts";

const { outbox } = identityPlatform;

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/** A real HTTP server on a loopback port that answers with the next queued status and keeps what it receives. */
async function startGateway() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(status < 300 ? { id: "msg-1" } : { error: "quota exceeded" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    statuses,
    url: `http://127.0.0.1:${port}/v1/messages`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("SMS through an HTTP gateway", () => {
  let database: Database;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  before(async () => {
    database = await openTestDatabase();
    await migrateServices(database, ["identity"]);
    gateway = await startGateway();
  });
  after(async () => {
    await gateway.close();
    await database.close();
  });
  beforeEach(async () => {
    gateway.received.length = 0;
    await database.db.delete(outbox);
  });

  test("the body template gets {{to}} and {{text}} JSON-escaped, so quotes and line breaks stay inside their strings", () => {
    const body = renderGatewayBody('{"to":"{{to}}","text":"{{text}}"}', { to: "+32123456789", text: 'Say "hi"\nback\\slash' });
    assert.deepEqual(JSON.parse(body), { to: "+32123456789", text: 'Say "hi"\nback\\slash' });
    const nested = renderGatewayBody('{"messages":[{"destinations":[{"to":"{{to}}"}],"text":"{{text}}"}]}', { to: "+351912345678", text: "x" });
    assert.equal(JSON.parse(nested).messages[0].destinations[0].to, "+351912345678");
  });

  test("an SMS in the outbox is POSTed to the gateway with the configured header and body, then marked sent", async () => {
    const config = loadConfig({ SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_AUTH_HEADER: "Authorization: Bearer s3cret-token" });
    assert.deepEqual(config.sms.gatewayAuthHeader, { name: "Authorization", value: "Bearer s3cret-token" });
    const sms = httpSmsGateway({ url: gateway.url, authHeader: config.sms.gatewayAuthHeader, bodyTemplate: config.sms.gatewayBodyTemplate });
    await enqueue(database.db, outbox, { channel: "sms", to: "+32123456789", text: "Your OpenCPMS Login challenge code is K7QF-M2XP." });
    await enqueue(database.db, outbox, { channel: "mail", to: "someone@hospital.example", subject: "Hello", text: "A mail" });

    assert.equal(await deliverDue(database.db, outbox, { sms }, 3), 1);
    assert.equal(gateway.received.length, 1);
    const [request] = gateway.received;
    assert.equal(request.method, "POST");
    assert.equal(request.url, "/v1/messages");
    assert.equal(request.headers.authorization, "Bearer s3cret-token");
    assert.equal(request.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(request.body), { to: "+32123456789", text: "Your OpenCPMS Login challenge code is K7QF-M2XP." });
    const rows = await database.db.select().from(outbox).orderBy(outbox.id);
    assert.deepEqual(
      rows.map((row) => [row.channel, row.status]),
      [
        ["sms", "sent"],
        ["mail", "pending"],
      ],
      "the gateway sends SMS only; mail waits for its own transport",
    );
  });

  test("an answer other than 2xx is a failure, kept with its reason and retried later", async () => {
    const sms = httpSmsGateway({ url: gateway.url, authHeader: undefined, bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}' });
    await enqueue(database.db, outbox, { channel: "sms", to: "+32123456789", text: "code" });
    gateway.statuses.push(402);
    assert.equal(await deliverDue(database.db, outbox, { sms }, 3), 0);
    const [failed] = await database.db.select().from(outbox);
    assert.equal(failed.status, "pending");
    assert.equal(failed.attempts, 1);
    assert.match(failed.lastError ?? "", /The SMS gateway answered 402: .*quota exceeded/);
    assert.ok(failed.nextAttemptAt.getTime() > Date.now(), "retried after a backoff");
    assert.equal(gateway.received[0].headers.authorization, undefined, "no header unless configured");

    await database.db.update(outbox).set({ nextAttemptAt: new Date() }).where(eq(outbox.id, failed.id));
    assert.equal(await deliverDue(database.db, outbox, { sms }, 3), 1);
    const [sent] = await database.db.select().from(outbox);
    assert.equal(sent.status, "sent");
    assert.equal(sent.attempts, 2);
  });

  test("a gateway that cannot be reached is a failure too", async () => {
    const closed = await startGateway();
    await closed.close();
    const sms = httpSmsGateway({ url: closed.url, authHeader: undefined, bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}' });
    await enqueue(database.db, outbox, { channel: "sms", to: "+32123456789", text: "code" });
    assert.equal(await deliverDue(database.db, outbox, { sms }, 1), 0);
    const [row] = await database.db.select().from(outbox);
    assert.equal(row.status, "failed", "with OUTBOX_MAX_ATTEMPTS=1 the first failure is final");
  });

  test("with SMS_GATEWAY_URL set, the running system delivers SMS through the gateway", async () => {
    const system = await startTestSystem({ SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_BODY_TEMPLATE: '{"recipient":"{{to}}","message":"{{text}}"}' });
    try {
      const { outbox: systemOutbox } = identityPlatform;
      await enqueue(system.database.db, systemOutbox, { channel: "sms", to: "+4915112345678", text: "Hallo" });
      const deadline = Date.now() + 15_000;
      while (gateway.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(JSON.parse(gateway.received[0]?.body ?? "null"), { recipient: "+4915112345678", message: "Hallo" });
    } finally {
      await system.close();
    }
  });

  for (const [name, value] of [
    ["SMS_GATEWAY_URL", "ftp://sms.example.org"],
    ["SMS_GATEWAY_AUTH_HEADER", "Bearer xyz"],
    ["SMS_GATEWAY_BODY_TEMPLATE", '{"to":"{{to}}"}'],
    ["SMS_GATEWAY_BODY_TEMPLATE", "to={{to}}&text={{text}}"],
    ["SMS_ALLOWED_COUNTRY_CODES", "32,abc"],
    ["SMS_ALLOWED_COUNTRY_CODES", "0032"],
  ] as const) {
    test(`a wrong value (${name}=${value}) stops the start with a message naming the variable`, () => {
      // The gateway's address and credentials are secrets: named, not printed.
      const shown = name === "SMS_GATEWAY_URL" || name === "SMS_GATEWAY_AUTH_HEADER" ? "(value hidden)" : JSON.stringify(value);
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error: Error) => error.message.startsWith(`${name}=${shown} is not valid:`),
      );
    });
  }

  test("allowed calling codes may be written with or without +", () => {
    assert.deepEqual(loadConfig({ SMS_ALLOWED_COUNTRY_CODES: "+32, 33 ,+351" }).sms.allowedCountryCodes, ["32", "33", "351"]);
  });
});
