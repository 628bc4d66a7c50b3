/*
 * Webhooks of right changes: recorded with the change, delivered signed to a
 * real HTTP receiver, retried with backoff, never sent twice by two loops,
 * given up after WEBHOOK_MAX_ATTEMPTS; the delivery loop of a running server.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { loadConfig } from "../../platform/config.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { addApiClient, rotateWebhookSecret } from "./api-clients.ts";
import { AUTHORIZATION_CHANGED, type RightChange, recordRightChange } from "./events.ts";
import { apiClients, webhookDeliveries } from "./tables.ts";
import { lockRights, moveRight } from "../requests/transitions.ts";
import { authorizationsOf } from "./authorizations.ts";
import { catalogue, OTHER_APPLICATION, right } from "./testing.ts";
import { backoffMs, deliverDueWebhooks } from "./webhook-delivery.ts";
import { openWebhookSecret, sealWebhookSecret } from "./webhook-secret.ts";
import { verifyWebhook, WebhookVerificationError } from "../../platform/webhook-signature.ts";

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A webhook receiver on a free port: it records each request and answers with the next status (the last one repeats; 0: never answers). */
async function receiver(...statuses: number[]) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      const status = statuses.length > 1 ? (statuses.shift() as number) : statuses[0];
      if (status !== 0) response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/access`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, received, close };
}

let system: System;
let fixture: Awaited<ReturnType<typeof catalogue>>;
const receivers: Awaited<ReturnType<typeof receiver>>[] = [];
const db = () => system.database.db;

before(async () => {
  system = await startTestSystem({ WEBHOOK_INTERVAL_SECONDS: "3600", WEBHOOK_MAX_ATTEMPTS: "3" });
  fixture = await catalogue(db());
});
afterEach(async () => {
  await db().delete(webhookDeliveries);
  await db().delete(apiClients);
});
after(async () => {
  for (const open of receivers) await open.close();
  await system.close();
});

async function subscriber(statuses: number[], applications = ["CPMS"]) {
  const open = await receiver(...statuses);
  receivers.push(open);
  const { client, webhookSecret } = await addApiClient(db(), system.config, {
    clientId: `svc-${randomUUID().slice(0, 8)}`,
    name: "Subscriber",
    applications,
    webhookUrl: open.url,
  });
  return { ...open, clientId: client.clientId, secret: webhookSecret as string };
}

const change = (values: Partial<RightChange> = {}): RightChange => ({
  rightId: randomUUID(),
  sub: randomUUID(),
  applicationId: "CPMS",
  from: "requested",
  to: "granted",
  ...values,
});

const record = (values: Partial<RightChange> = {}) => db().transaction((tx) => recordRightChange(tx, change(values)));
const deliveriesOf = (clientId: string) => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.clientId, clientId)).orderBy(webhookDeliveries.id);
const later = (ms: number) => new Date(Date.now() + ms);

describe("recording a change", () => {
  test("one delivery for each API client of the right's application that has a webhook URL, in the change's transaction", async () => {
    const subscribed = await subscriber([204]);
    const other = await subscriber([204], [OTHER_APPLICATION]);
    await addApiClient(db(), system.config, { clientId: "no-webhook", name: "Reader only", applications: ["CPMS"] });
    const made = change({ from: "granted", to: "deletion_requested" });
    await db().transaction((tx) => recordRightChange(tx, made));
    const rows = await db().select().from(webhookDeliveries);
    assert.deepEqual(
      rows.map((row) => row.clientId),
      [subscribed.clientId],
    );
    assert.equal(rows[0].eventType, AUTHORIZATION_CHANGED);
    const payload = rows[0].payload as { type: string; data: Record<string, unknown> };
    assert.equal(payload.type, "authorization.changed");
    assert.deepEqual(
      { ...payload.data, at: undefined },
      { rightId: made.rightId, sub: made.sub, application: "CPMS", previousStatus: "granted", status: "deletion_requested", at: undefined },
    );
    assert.ok(Math.abs(Date.parse(payload.data.at as string) - Date.now()) < 60_000);
    assert.equal((await deliveriesOf(other.clientId)).length, 0);
  });

  test("a request approved through the requests feature is told to subscribers, and is then an authorization granted since the approval", async () => {
    const hook = await subscriber([204]);
    const requested = await right(db(), { sub: randomUUID(), profileId: fixture.hp.id, providerId: fixture.hospital.id, status: "requested" });
    const at = new Date("2026-04-01T08:00:00Z");
    await db().transaction(async (tx) => {
      const [locked] = await lockRights(tx, [requested.id]);
      await moveRight(tx, locked, { to: "granted", actor: { sub: null, name: "Helpdesk" }, action: "Request approved", isDecision: true, at });
    });
    const [row] = await deliveriesOf(hook.clientId);
    assert.deepEqual((row.payload as { data: Record<string, unknown> }).data.previousStatus, "requested");
    assert.deepEqual((row.payload as { data: Record<string, unknown> }).data.status, "granted");
    assert.equal((row.payload as { data: Record<string, unknown> }).data.rightId, requested.id);
    const [{ authorizations }] = await authorizationsOf(db(), "CPMS", [requested.sub]);
    assert.deepEqual(
      authorizations.map((a) => [a.rightId, a.status, a.grantedSince]),
      [[requested.id, "granted", at.toISOString()]],
    );
  });

  test("a change rolled back leaves no delivery", async () => {
    await subscriber([204]);
    await assert.rejects(
      db().transaction(async (tx) => {
        await recordRightChange(tx, change());
        throw new Error("the change fails");
      }),
    );
    assert.equal((await db().select().from(webhookDeliveries)).length, 0);
  });
});

describe("delivery", () => {
  test("a POST of the JSON payload whose signature verifies with the secret shown at registration", async () => {
    const hook = await subscriber([204]);
    const made = change();
    await db().transaction((tx) => recordRightChange(tx, made));
    assert.equal(await deliverDueWebhooks(db(), system.config), 1);
    assert.equal(hook.received.length, 1);
    const [{ headers, body }] = hook.received;
    assert.equal(headers["content-type"], "application/json");
    const payload = verifyWebhook(hook.secret, headers, body) as { type: string; data: { rightId: string; status: string } };
    assert.equal(payload.type, "authorization.changed");
    assert.equal(payload.data.rightId, made.rightId);
    assert.equal(payload.data.status, "granted");
    assert.match(String(headers["webhook-signature"]), /^v1,[A-Za-z0-9+/]+=*$/);
    const [row] = await deliveriesOf(hook.clientId);
    assert.equal(headers["webhook-id"], row.eventId);
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 1);
    assert.ok(row.sentAt);
    assert.equal(await deliverDueWebhooks(db(), system.config, { now: later(24 * 3600_000) }), 0, "a sent delivery is not sent again");
    assert.equal(hook.received.length, 1);
  });

  test("verifyWebhook refuses an altered body, another secret, a stale timestamp and missing headers", async () => {
    const hook = await subscriber([204]);
    await record();
    await deliverDueWebhooks(db(), system.config);
    const [{ headers, body }] = hook.received;
    const refuses = (run: () => unknown, message: RegExp) =>
      assert.throws(run, (error: Error) => error instanceof WebhookVerificationError && message.test(error.message));
    refuses(() => verifyWebhook(hook.secret, headers, body.replace("granted", "revoked")), /No webhook-signature matches/);
    refuses(() => verifyWebhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, headers, body), /No webhook-signature matches/);
    refuses(() => verifyWebhook(hook.secret, headers, body, later(10 * 60_000)), /too far from now/);
    refuses(() => verifyWebhook(hook.secret, { ...headers, "webhook-id": undefined }, body), /are required/);
    assert.ok(verifyWebhook(hook.secret, new Headers(headers as Record<string, string>), body), "a fetch Headers object works too");
  });

  test("an answer other than 2xx is retried later with backoff, and then delivered", async () => {
    const hook = await subscriber([500, 200]);
    await record();
    const start = Date.now();
    assert.equal(await deliverDueWebhooks(db(), system.config), 0);
    let [row] = await deliveriesOf(hook.clientId);
    assert.equal(row.status, "pending");
    assert.equal(row.attempts, 1);
    assert.equal(row.lastError, "The webhook URL answered 500.");
    const delay = row.nextAttemptAt.getTime() - start;
    assert.ok(delay >= backoffMs(1) - 1000 && delay <= backoffMs(1) + 5000, `next attempt in ${delay} ms`);
    await deliverDueWebhooks(db(), system.config);
    assert.equal(hook.received.length, 1, "not due yet");
    assert.equal(await deliverDueWebhooks(db(), system.config, { now: later(31_000) }), 1);
    assert.equal(hook.received.length, 2);
    assert.equal(hook.received[0].headers["webhook-id"], hook.received[1].headers["webhook-id"], "the same event id: receivers can drop repeats");
    [row] = await deliveriesOf(hook.clientId);
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 2);
    assert.equal(row.lastError, null);
  });

  test("two delivery loops at once send each delivery once", async () => {
    const hook = await subscriber([204]);
    for (let i = 0; i < 6; i++) await record();
    const counts = await Promise.all([
      deliverDueWebhooks(db(), system.config),
      deliverDueWebhooks(db(), system.config),
      deliverDueWebhooks(db(), system.config),
    ]);
    assert.equal(
      counts.reduce((a, b) => a + b),
      6,
    );
    assert.equal(hook.received.length, 6);
    assert.equal(new Set(hook.received.map((request) => request.headers["webhook-id"])).size, 6);
  });

  test("after WEBHOOK_MAX_ATTEMPTS failures the delivery is marked failed and no longer sent", async () => {
    const hook = await subscriber([503]);
    await record();
    for (let attempt = 1; attempt <= 3; attempt++) await deliverDueWebhooks(db(), system.config, { now: later(attempt * 3 * 3600_000) });
    const [row] = await deliveriesOf(hook.clientId);
    assert.equal(row.status, "failed");
    assert.equal(row.attempts, 3);
    assert.equal(row.lastError, "The webhook URL answered 503.");
    await deliverDueWebhooks(db(), system.config, { now: later(24 * 3600_000) });
    assert.equal(hook.received.length, 3);
  });

  test("a receiver that does not answer in time, or redirects, is a failure", async () => {
    const silent = await subscriber([0]);
    await record();
    await deliverDueWebhooks(db(), system.config, { timeoutMs: 300 });
    const [row] = await deliveriesOf(silent.clientId);
    assert.equal(row.status, "pending");
    assert.equal(row.lastError, "No answer within 0.3 s.");
    await db().delete(apiClients);
    const moved = await subscriber([302]);
    await record();
    await deliverDueWebhooks(db(), system.config, { now: later(3600_000) });
    assert.equal((await deliveriesOf(moved.clientId))[0].lastError, "The webhook URL answered 302.");
  });

  test("after a new secret, deliveries are signed with it, not the old one", async () => {
    const hook = await subscriber([204]);
    await record();
    const { webhookSecret } = await rotateWebhookSecret(db(), system.config, hook.clientId);
    await deliverDueWebhooks(db(), system.config);
    const [{ headers, body }] = hook.received;
    assert.ok(verifyWebhook(webhookSecret, headers, body));
    assert.throws(() => verifyWebhook(hook.secret, headers, body), WebhookVerificationError);
  });
});

describe("webhook secrets at rest", () => {
  const key = Buffer.alloc(32, 1).toString("base64");
  const secret = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;

  test("under SECRETS_KEY a secret is sealed, and opens only for its own client", () => {
    const config = loadConfig({ SECRETS_KEY: key });
    const sealed = sealWebhookSecret(config, "client-a", secret);
    assert.ok(!sealed.includes(secret.slice(6)));
    assert.match(sealed, /^v1:/);
    assert.equal(openWebhookSecret(config, "client-a", sealed), secret);
    assert.throws(() => openWebhookSecret(config, "client-b", sealed), /cannot be decrypted/);
    assert.throws(() => openWebhookSecret(loadConfig({}), "client-a", sealed), /SECRETS_KEY, which is not set/);
  });

  test("stored through the registry, the secret is sealed under SECRETS_KEY", async () => {
    const config = loadConfig({ SECRETS_KEY: key });
    const { webhookSecret } = await addApiClient(db(), config, {
      clientId: "sealed",
      name: "Sealed",
      applications: ["CPMS"],
      webhookUrl: "https://hooks.example.org/x",
    });
    const [row] = await db().select().from(apiClients).where(eq(apiClients.clientId, "sealed"));
    assert.match(String(webhookSecret), /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.ok(!String(row.webhookSecret).includes(String(webhookSecret)));
    assert.equal(openWebhookSecret(config, "sealed", String(row.webhookSecret)), webhookSecret);
  });
});

describe("the delivery loop of a running access server", () => {
  test("sends a recorded change without being asked, and stops when the server closes", async () => {
    const looping = await startTestSystem({ SERVICES: "identity,access", WEBHOOK_INTERVAL_SECONDS: "1" });
    try {
      await catalogue(looping.database.db);
      const hook = await receiver(204);
      receivers.push(hook);
      const { webhookSecret } = await addApiClient(looping.database.db, looping.config, {
        clientId: "looped",
        name: "Looped",
        applications: ["CPMS"],
        webhookUrl: hook.url,
      });
      await looping.database.db.transaction((tx) => recordRightChange(tx, change()));
      const deadline = Date.now() + 10_000;
      while (hook.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(hook.received.length, 1);
      assert.ok(verifyWebhook(String(webhookSecret), hook.received[0].headers, hook.received[0].body));
    } finally {
      await looping.close();
    }
  });
});
