/*
 * The authorisation system's webhook to cpms: a signed notice makes cpms read
 * the named user's rights again at once (over the real API); an unsigned or
 * wrongly signed one changes nothing.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { webhookHeaders } from "../../platform/webhook-signature.ts";
import type { System } from "../../system.ts";
import { memberships } from "./tables.ts";
import { cpmsUser, grant, startCpmsTestSystem } from "./testing.ts";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
let system: System;

before(async () => {
  system = await startCpmsTestSystem({ ACCESS_WEBHOOK_SECRET: SECRET });
});
after(async () => {
  await system?.close();
});

function notice(sub: string, application = "CPMS") {
  return JSON.stringify({
    type: "authorization.changed",
    timestamp: new Date().toISOString(),
    data: { rightId: randomUUID(), sub, application, previousStatus: "requested", status: "granted", at: new Date().toISOString() },
  });
}

async function deliver(body: string, secret = SECRET, at = Math.floor(Date.now() / 1000)) {
  const browser = new TestBrowser(system.server("cpms"));
  return browser.request("POST", "/api/access-events", body, {
    ...webhookHeaders(secret, `msg_${randomUUID()}`, at, body),
    "content-type": "application/json",
  });
}

async function profilesOf(sub: string): Promise<string[]> {
  return (await system.database.db.select().from(memberships).where(eq(memberships.sub, sub))).map((row) => row.profile).sort();
}

describe("POST /api/access-events", () => {
  test("a signed notice of a changed right: cpms reads the user's rights again at once", async () => {
    const user = await cpmsUser(system, "Webhook", "Granted");
    await grant(system, user.sub, "HP", ["EURACAN", "FR", "FR36"]);
    await user.browser.get("/api/me");
    await grant(system, user.sub, "Coordinator", ["EURACAN", "FR", "FR36"]);
    assert.deepEqual(await profilesOf(user.sub), ["HP"]);
    const answer = await deliver(notice(user.sub));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(await profilesOf(user.sub), ["Coordinator", "HP"]);
  });

  test("refused, nothing read: a wrong secret, an old timestamp, no signature; ignored: another application, a user cpms never saw", async () => {
    const user = await cpmsUser(system, "Webhook", "Forged");
    await grant(system, user.sub, "HP", ["EURACAN", "FR", "FR36"]);
    await user.browser.get("/api/me");
    await grant(system, user.sub, "Coordinator", ["EURACAN", "FR", "FR36"]);
    const body = notice(user.sub);
    const forged = await deliver(body, `whsec_${randomBytes(32).toString("base64")}`);
    assert.equal(forged.status, 401);
    assert.match(forged.body.detail, /not signed by the authorisation system/);
    assert.equal((await deliver(body, SECRET, Math.floor(Date.now() / 1000) - 3600)).status, 401);
    const unsigned = await new TestBrowser(system.server("cpms")).request("POST", "/api/access-events", body, { "content-type": "application/json" });
    assert.equal(unsigned.status, 401);
    assert.equal((await deliver(notice(user.sub, "TEST-REGISTRY"))).status, 202);
    assert.equal((await deliver(notice(randomUUID()))).status, 202);
    assert.deepEqual(await profilesOf(user.sub), ["HP"]);
  });
});
