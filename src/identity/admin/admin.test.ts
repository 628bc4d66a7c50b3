/*
 * The administration API: who may use it (an administrator with a second
 * factor, and no one else), what it changes, what it refuses, and what the
 * audit log keeps.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { sha256 } from "../../platform/crypto.ts";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { addUser } from "../accounts/add-user.ts";
import { confirmSecondFactor, STRONG_PASSWORD } from "../accounts/testing.ts";
import { casServices } from "../cas/tables.ts";
import { oidcClients } from "../oidc/tables.ts";
import { auditEvents } from "../pg-schema.ts";

let system: System;
before(async () => {
  system = await startTestSystem();
});
after(() => system.close());
const db = () => system.database.db;

let people = 0;
async function signedIn({ isAdmin, secondFactor }: { isAdmin: boolean; secondFactor: boolean }) {
  people++;
  const email = `${isAdmin ? "admin" : "member"}${people}@opencpms.example`;
  const { id } = await addUser(db(), system.config, { email, firstName: "Marta", lastName: "Kowalska", password: STRONG_PASSWORD, isAdmin });
  const browser = new TestBrowser(system.server("identity"));
  const answer = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  if (secondFactor) await confirmSecondFactor(db(), browser);
  return { id, browser };
}

const admin = () => signedIn({ isAdmin: true, secondFactor: true });
const APP = { name: "Rare disease registry", redirectUris: ["https://registry.example.org/callback"] };
const SERVICE = { name: "Case forum", urlPattern: "https://forum.example.org/cas/*", acr: "substantial" };

const ROUTES: [method: string, url: string, body?: unknown][] = [
  ["GET", "/api/admin/clients"],
  ["POST", "/api/admin/clients", APP],
  ["DELETE", "/api/admin/clients/some-client"],
  ["POST", "/api/admin/clients/some-client/secret"],
  ["GET", "/api/admin/cas-services"],
  ["POST", "/api/admin/cas-services", SERVICE],
  ["DELETE", "/api/admin/cas-services/00000000-0000-4000-8000-000000000000"],
];

const counts = async () => ({ clients: (await db().select().from(oidcClients)).length, services: (await db().select().from(casServices)).length });
const auditOf = (type: string, actorId: string) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.type, type), eq(auditEvents.actorId, actorId)));

describe("who may administer", () => {
  test("without a session, every route asks to sign in and changes nothing", async () => {
    const before = await counts();
    const browser = new TestBrowser(system.server("identity"));
    for (const [method, url, body] of ROUTES) {
      const answer = await browser.request(method, url, body);
      assert.equal(answer.status, 401, `${method} ${url}`);
      assert.equal(answer.body.detail, "Please sign in.");
    }
    assert.deepEqual(await counts(), before);
  });

  test("a signed-in user who is not an administrator is refused, even with a second factor", async () => {
    const before = await counts();
    const { browser } = await signedIn({ isAdmin: false, secondFactor: true });
    for (const [method, url, body] of ROUTES) {
      const answer = await browser.request(method, url, body);
      assert.equal(answer.status, 403, `${method} ${url}`);
      assert.equal(answer.body.detail, "Only administrators of the sign-in service can do this.");
    }
    // Refused before the input is read: a bad body gets the same answer.
    assert.equal((await browser.post("/api/admin/clients", { name: 42 })).status, 403);
    assert.deepEqual(await counts(), before);
  });

  test("an administrator signed in with the password only is asked for a second factor", async () => {
    const before = await counts();
    const { browser } = await signedIn({ isAdmin: true, secondFactor: false });
    for (const [method, url, body] of ROUTES) {
      const answer = await browser.request(method, url, body);
      assert.equal(answer.status, 401, `${method} ${url}`);
      assert.equal(answer.body.code, "step_up_required");
      assert.equal(answer.body.acr, "substantial");
    }
    assert.deepEqual(await counts(), before);
  });

  test("/api/session says whether the user is an administrator", async () => {
    assert.equal((await (await admin()).browser.get("/api/session")).body.user.isAdmin, true);
    assert.equal((await (await signedIn({ isAdmin: false, secondFactor: false })).browser.get("/api/session")).body.user.isAdmin, false);
  });
});

describe("OpenID Connect applications", () => {
  test("add: the secret is answered once, stored as a hash, and the change is audited without it", async () => {
    const { id, browser } = await admin();
    const answer = await browser.post("/api/admin/clients", {
      ...APP,
      postLogoutRedirectUris: ["https://registry.example.org/"],
      backchannelLogoutUri: "",
      acr: "substantial",
      clientCredentials: true,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const { client, clientSecret, message } = answer.body;
    assert.match(client.clientId, /^[A-Za-z0-9]{22}$/);
    assert.equal(typeof clientSecret, "string");
    assert.equal(message, "“Rare disease registry” is registered. Copy the client secret now: it is shown only once.");
    assert.deepEqual(client.grantTypes, ["authorization_code", "refresh_token", "client_credentials"]);
    assert.equal(client.backchannelLogoutUri, null);
    assert.equal(client.secretHash, undefined);

    const [row] = await db().select().from(oidcClients).where(eq(oidcClients.clientId, client.clientId));
    assert.equal(row.secretHash, sha256(clientSecret));
    const listed = (await browser.get("/api/admin/clients")).body.clients;
    const mine = listed.find((c: { clientId: string }) => c.clientId === client.clientId);
    assert.equal(mine.name, APP.name);
    assert.ok(listed.every((c: Record<string, unknown>) => !("secretHash" in c) && !("clientSecret" in c)));

    const [event] = await auditOf("admin.oidc_client_added", id);
    assert.equal(event.details.clientId, client.clientId);
    assert.deepEqual(event.details.redirectUris, APP.redirectUris);
    assert.ok(!JSON.stringify(event.details).includes(clientSecret), "the audit log never holds the secret");
    assert.ok(!JSON.stringify(event.details).includes(sha256(clientSecret)));
  });

  test("bad input: 400 with each field's message, and nothing is registered", async () => {
    const { browser } = await admin();
    const before = await counts();
    const answer = await browser.post("/api/admin/clients", {
      name: "",
      redirectUris: ["https://registry.example.org/cb#x"],
      public: true,
      clientCredentials: true,
    });
    assert.equal(answer.status, 400);
    const errors = Object.fromEntries(answer.body.errors.map((e: { field: string; detail: string }) => [e.field, e.detail]));
    assert.equal(errors.name, "Enter the application's name (at most 100 characters).");
    assert.match(errors.redirectUris, /has a fragment/);
    assert.equal(errors.clientCredentials, "A public client has no secret, so it cannot use client credentials.");
    assert.equal(answer.body.detail, "Please check the highlighted fields.");

    const wildcard = await browser.post("/api/admin/clients", { ...APP, redirectUris: ["https://*.example.org/cb"] });
    assert.equal(wildcard.status, 400);
    assert.equal(wildcard.body.errors[0].field, "redirectUris");
    assert.equal(wildcard.body.detail, wildcard.body.errors[0].detail);

    const schema = await browser.post("/api/admin/clients", { ...APP, acr: "very high", extra: true });
    assert.equal(schema.status, 400);
    assert.deepEqual(schema.body.errors.map((e: { field: string }) => e.field).sort(), ["acr", "body"]);
    assert.deepEqual(await counts(), before);
  });

  test("a new secret replaces the old one, is answered once and audited without it", async () => {
    const { id, browser } = await admin();
    const { client, clientSecret } = (await browser.post("/api/admin/clients", APP)).body;
    const answer = await browser.post(`/api/admin/clients/${client.clientId}/secret`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.notEqual(answer.body.clientSecret, clientSecret);
    assert.match(answer.body.message, /has a new secret; the previous one no longer works\. Copy the client secret now: it is shown only once\./);
    const [row] = await db().select().from(oidcClients).where(eq(oidcClients.clientId, client.clientId));
    assert.equal(row.secretHash, sha256(answer.body.clientSecret));
    const [event] = await auditOf("admin.oidc_client_secret_rotated", id);
    assert.deepEqual(event.details, { clientId: client.clientId, name: APP.name });
  });

  test("remove: gone from the registry, audited; an unknown client is 404", async () => {
    const { id, browser } = await admin();
    const { client } = (await browser.post("/api/admin/clients", APP)).body;
    const answer = await browser.request("DELETE", `/api/admin/clients/${client.clientId}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(answer.body.message, /is removed/);
    assert.equal((await db().select().from(oidcClients).where(eq(oidcClients.clientId, client.clientId))).length, 0);
    assert.equal((await auditOf("admin.oidc_client_removed", id))[0].details.clientId, client.clientId);
    assert.equal((await browser.request("DELETE", `/api/admin/clients/${client.clientId}`)).status, 404);
    assert.equal((await browser.post(`/api/admin/clients/${client.clientId}/secret`)).status, 404);
  });

  test("the platform's own clients are listed but can be neither removed nor given a new secret", async () => {
    const { browser } = await admin();
    const builtIn = (await browser.get("/api/admin/clients")).body.clients.filter((c: { builtIn: boolean }) => c.builtIn);
    assert.deepEqual(builtIn.map((c: { clientId: string }) => c.clientId).sort(), ["access", "cpms"]);
    for (const { clientId } of builtIn) {
      const removal = await browser.request("DELETE", `/api/admin/clients/${clientId}`);
      assert.equal(removal.status, 409);
      assert.match(removal.body.detail, /is part of the platform/);
      assert.equal((await browser.post(`/api/admin/clients/${clientId}/secret`)).status, 409);
    }
    assert.equal((await db().select().from(oidcClients).where(eq(oidcClients.builtIn, true))).length, 2);
  });
});

describe("CAS services", () => {
  test("add, list and remove, each change audited", async () => {
    const { id, browser } = await admin();
    const added = await browser.post("/api/admin/cas-services", SERVICE);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.message, "“Case forum” can now receive CAS tickets.");
    const { service } = added.body;
    assert.equal(service.urlPattern, SERVICE.urlPattern);
    assert.equal(service.acr, "substantial");
    const listed = (await browser.get("/api/admin/cas-services")).body.services;
    assert.ok(listed.some((s: { id: string }) => s.id === service.id));
    assert.equal((await auditOf("admin.cas_service_added", id))[0].details.urlPattern, SERVICE.urlPattern);

    const removed = await browser.request("DELETE", `/api/admin/cas-services/${service.id}`);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(removed.body.message, "“Case forum” is removed: it no longer receives CAS tickets.");
    assert.equal((await db().select().from(casServices).where(eq(casServices.id, service.id))).length, 0);
    assert.equal((await auditOf("admin.cas_service_removed", id))[0].details.id, service.id);
    assert.equal((await browser.request("DELETE", `/api/admin/cas-services/${service.id}`)).status, 404);
    assert.equal((await browser.request("DELETE", "/api/admin/cas-services/not-an-id")).status, 404);
  });

  test("bad input: 400 naming the field, and nothing is registered; the same pattern twice is a conflict", async () => {
    const { browser } = await admin();
    const before = await counts();
    const bad = await browser.post("/api/admin/cas-services", { name: "Forum", urlPattern: "https://forum.example.org/app*" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, "urlPattern");
    const unnamed = await browser.post("/api/admin/cas-services", { name: " ", urlPattern: "https://forum.example.org/" });
    assert.equal(unnamed.status, 400);
    assert.equal(unnamed.body.errors[0].field, "name");
    assert.deepEqual(await counts(), before);

    const pattern = { name: "Forum", urlPattern: "https://twice.example.org/cas/*" };
    assert.equal((await browser.post("/api/admin/cas-services", pattern)).status, 201);
    const again = await browser.post("/api/admin/cas-services", pattern);
    assert.equal(again.status, 409);
    assert.equal((await db().select().from(casServices).where(eq(casServices.urlPattern, pattern.urlPattern))).length, 1);
  });
});
