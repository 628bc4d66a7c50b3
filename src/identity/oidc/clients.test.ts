/*
 * The registry of relying parties: what may be registered, what a client is
 * given, and that the provider honours it (a secret works until it is
 * replaced, a removed client can do nothing).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { sha256 } from "../../platform/crypto.ts";
import { Problem } from "../../platform/http/errors.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { addClient, listClients, removeClient, rotateClientSecret, uriProblem } from "./clients.ts";
import { oidcClients, oidcPayloads } from "./tables.ts";

let system: System;
before(async () => {
  system = await startTestSystem();
});
after(() => system.close());
const db = () => system.database.db;

const APP = { name: "Rare disease registry", redirectUris: ["https://registry.example.org/callback"] };
const DEV = { allowLoopbackHttp: true };

/** Runs `action`, expecting a problem with this status, and returns its field errors by field. */
async function refused(action: Promise<unknown>, status = 400): Promise<Record<string, string>> {
  const error = await action.then(
    () => assert.fail("expected a refusal"),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof Problem, String(error));
  assert.equal(error.status, status, error.message);
  return Object.fromEntries((error.errors ?? []).map((e) => [e.field, e.detail]));
}

const tokensOf = (clientId: string) => db().select().from(oidcPayloads).where(sql`${oidcPayloads.payload}->>'clientId' = ${clientId}`);
const clientCount = async () => (await db().select().from(oidcClients)).length;

async function clientCredentialsGrant(clientId: string, clientSecret: string) {
  const response = await system.server("identity").inject({
    method: "POST",
    url: "/oidc/token",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`,
    },
    payload: "grant_type=client_credentials",
  });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

describe("addresses a client may register", () => {
  test("https addresses with a path and a query are accepted", () => {
    assert.equal(uriProblem("https://app.hospital.eu/callback?from=login", { allowLoopbackHttp: false }), null);
  });

  test("plain http only for localhost and 127.0.0.1, and only when the platform itself runs on http", () => {
    assert.equal(uriProblem("http://localhost:5173/callback", DEV), null);
    assert.equal(uriProblem("http://127.0.0.1:8080/cb", DEV), null);
    assert.match(uriProblem("http://app.hospital.eu/cb", DEV) ?? "", /must use https \(plain http is accepted for localhost and 127\.0\.0\.1 only\)/);
    assert.match(uriProblem("http://localhost:5173/callback", { allowLoopbackHttp: false }) ?? "", /must use https\.$/);
  });

  test("relative addresses, other schemes, fragments, wildcards and credentials are refused with a reason", () => {
    const rules = { allowLoopbackHttp: false };
    assert.match(uriProblem("/callback", rules) ?? "", /is not an absolute http\(s\) address/);
    assert.match(uriProblem("javascript:alert(1)", rules) ?? "", /is not an absolute http\(s\) address/);
    assert.match(uriProblem("com.example.app:/callback", rules) ?? "", /is not an absolute http\(s\) address/);
    assert.match(uriProblem("https://app.hospital.eu/cb#done", rules) ?? "", /has a fragment/);
    assert.match(uriProblem("https://*.hospital.eu/cb", rules) ?? "", /contains a wildcard/);
    assert.match(uriProblem("https://app.hospital.eu/*", rules) ?? "", /contains a wildcard/);
    assert.match(uriProblem("https://admin:secret@app.hospital.eu/cb", rules) ?? "", /user name or password/);
    assert.match(uriProblem(`https://app.hospital.eu/${"a".repeat(2000)}`, rules) ?? "", /at most 2000 characters/);
  });
});

describe("adding a client", () => {
  test("a confidential client gets a random id and a secret shown once, stored as its SHA-256", async () => {
    const { client, clientSecret } = await addClient(db(), { ...APP, acr: "substantial" });
    assert.match(client.clientId, /^[A-Za-z0-9]{22}$/);
    assert.ok(clientSecret && Buffer.from(clientSecret, "base64url").length === 32, "32 random bytes, base64url");
    assert.equal(client.isPublic, false);
    assert.equal(client.builtIn, false);
    assert.equal(client.acr, "substantial");
    assert.deepEqual(client.grantTypes, ["authorization_code", "refresh_token"]);
    assert.ok(!("secretHash" in client), "the hash does not leave the registry");
    const [row] = await db().select().from(oidcClients).where(eq(oidcClients.clientId, client.clientId));
    assert.equal(row.secretHash, sha256(clientSecret));
    const second = await addClient(db(), APP);
    assert.notEqual(second.client.clientId, client.clientId);
    assert.notEqual(second.clientSecret, clientSecret);
  });

  test("the level defaults to low; addresses are trimmed and listed once", async () => {
    const { client } = await addClient(db(), {
      name: "  Imaging viewer ",
      redirectUris: [" https://viewer.example.org/cb ", "https://viewer.example.org/cb", ""],
      postLogoutRedirectUris: ["https://viewer.example.org/"],
      backchannelLogoutUri: "https://viewer.example.org/logout",
    });
    assert.equal(client.name, "Imaging viewer");
    assert.equal(client.acr, "low");
    assert.deepEqual(client.redirectUris, ["https://viewer.example.org/cb"]);
    assert.deepEqual(client.postLogoutRedirectUris, ["https://viewer.example.org/"]);
    assert.equal(client.backchannelLogoutUri, "https://viewer.example.org/logout");
  });

  test("a public client gets no secret and cannot use client credentials", async () => {
    const { client, clientSecret } = await addClient(db(), { ...APP, public: true });
    assert.equal(clientSecret, null);
    assert.equal(client.isPublic, true);
    const [row] = await db().select().from(oidcClients).where(eq(oidcClients.clientId, client.clientId));
    assert.equal(row.secretHash, null);
    const before = await clientCount();
    const errors = await refused(addClient(db(), { ...APP, public: true, clientCredentials: true }));
    assert.equal(errors.clientCredentials, "A public client has no secret, so it cannot use client credentials.");
    assert.equal(await clientCount(), before);
  });

  test("client credentials when asked: with redirect URIs, all three grants; without, a service that signs no one in", async () => {
    const both = await addClient(db(), { ...APP, clientCredentials: true });
    assert.deepEqual(both.client.grantTypes, ["authorization_code", "refresh_token", "client_credentials"]);
    const service = await addClient(db(), { name: "Reporting job", redirectUris: [], clientCredentials: true });
    assert.deepEqual(service.client.grantTypes, ["client_credentials"]);
    assert.deepEqual(service.client.redirectUris, []);
    const errors = await refused(
      addClient(db(), { name: "Reporting job", redirectUris: [], clientCredentials: true, postLogoutRedirectUris: ["https://jobs.example.org/"] }),
    );
    assert.match(errors.redirectUris, /signs no one in/);
  });

  test("an application without a redirect URI is refused, and so is one without a name", async () => {
    const before = await clientCount();
    const errors = await refused(addClient(db(), { name: " ", redirectUris: [] }));
    assert.equal(errors.redirectUris, "Enter at least one redirect URI: the address where the application receives the sign-in.");
    assert.equal(errors.name, "Enter the application's name (at most 100 characters).");
    assert.equal(await clientCount(), before);
  });

  test("a bad address is refused in the field it was given in, with its reason, and nothing is registered", async () => {
    const before = await clientCount();
    const errors = await refused(
      addClient(db(), {
        ...APP,
        redirectUris: ["https://registry.example.org/cb", "https://registry.example.org/*"],
        postLogoutRedirectUris: ["http://registry.example.org/"],
        backchannelLogoutUri: "https://registry.example.org/logout#now",
      }),
    );
    assert.match(errors.redirectUris, /"https:\/\/registry\.example\.org\/\*" contains a wildcard/);
    assert.equal(errors.postLogoutRedirectUris, '"http://registry.example.org/" must use https.');
    assert.match(errors.backchannelLogoutUri, /has a fragment/);
    assert.equal(await clientCount(), before);
  });

  test("http://localhost is accepted when the platform runs on http, and refused by default", async () => {
    const local = { ...APP, redirectUris: ["http://localhost:5173/callback"] };
    assert.ok((await addClient(db(), local, DEV)).client.clientId);
    const errors = await refused(addClient(db(), local));
    assert.equal(errors.redirectUris, '"http://localhost:5173/callback" must use https.');
  });
});

describe("listing, new secrets and removal", () => {
  test("the list shows the platform's own clients first, and no secret", async () => {
    const { client } = await addClient(db(), { ...APP, name: "Listed application" });
    const list = await listClients(db());
    assert.deepEqual(
      list.filter((c) => c.builtIn).map((c) => c.clientId),
      ["cpms", "access"].filter((id) => list.some((c) => c.clientId === id)),
    );
    assert.ok(list.findIndex((c) => !c.builtIn) > list.findLastIndex((c) => c.builtIn));
    assert.ok(list.some((c) => c.clientId === client.clientId));
    assert.ok(list.every((c) => !("secretHash" in c)));
  });

  test("the provider accepts the secret; a new secret replaces it at once", async () => {
    const { client, clientSecret } = await addClient(db(), { ...APP, clientCredentials: true });
    const first = await clientCredentialsGrant(client.clientId, clientSecret as string);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.token_type, "Bearer");
    const rotated = await rotateClientSecret(db(), client.clientId);
    assert.notEqual(rotated.clientSecret, clientSecret);
    assert.equal((await clientCredentialsGrant(client.clientId, clientSecret as string)).status, 401, "the old secret no longer works");
    assert.equal((await clientCredentialsGrant(client.clientId, rotated.clientSecret)).status, 200);
  });

  test("a public client has no secret to replace", async () => {
    const { client } = await addClient(db(), { ...APP, public: true });
    await refused(rotateClientSecret(db(), client.clientId), 409);
  });

  test("a removed client is gone, with the tokens it was given", async () => {
    const { client, clientSecret } = await addClient(db(), { ...APP, clientCredentials: true });
    assert.equal((await clientCredentialsGrant(client.clientId, clientSecret as string)).status, 200);
    assert.equal((await tokensOf(client.clientId)).length, 1, "the provider keeps the token it issued");
    const removed = await removeClient(db(), client.clientId);
    assert.equal(removed.clientId, client.clientId);
    assert.equal((await db().select().from(oidcClients).where(eq(oidcClients.clientId, client.clientId))).length, 0);
    assert.deepEqual(await tokensOf(client.clientId), []);
    assert.equal((await clientCredentialsGrant(client.clientId, clientSecret as string)).status, 401);
    await refused(removeClient(db(), client.clientId), 404);
    await refused(rotateClientSecret(db(), client.clientId), 404);
  });

  test("the platform's own clients can be neither removed nor given a new secret", async () => {
    const [builtIn] = (await listClients(db())).filter((c) => c.builtIn);
    assert.ok(builtIn, "identity registered its relying parties at start");
    const [before] = await db().select().from(oidcClients).where(eq(oidcClients.clientId, builtIn.clientId));
    await refused(removeClient(db(), builtIn.clientId), 409);
    await refused(rotateClientSecret(db(), builtIn.clientId), 409);
    const [after] = await db().select().from(oidcClients).where(eq(oidcClients.clientId, builtIn.clientId));
    assert.deepEqual(after, before);
  });
});
