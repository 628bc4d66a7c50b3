/*
 * GET /api/v1/authorizations and its bulk and sync forms, over real HTTP:
 * services get their tokens from identity's token endpoint, and access
 * checks them at identity's introspection endpoint.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { identityProvider } from "../../platform/http/oidc-sign-in-provider.ts";
import { freePort, startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { auditEvents } from "../pg-schema.ts";
import { rights } from "../requests/tables.ts";
import { addApiClient } from "./api-clients.ts";
import { serviceTokenVerifier } from "./service-token.ts";
import { apiClients } from "./tables.ts";
import { catalogue, OTHER_APPLICATION, revokeToken, right, serviceClient, serviceToken, userAccessToken } from "./testing.ts";

const ACCESS_SECRET = "access-secret-for-the-introspection-tests-0123456789";
const CPMS_SECRET = "cpms-secret-for-the-authorizations-api-tests-0123456789";

let system: System;
let fixture: Awaited<ReturnType<typeof catalogue>>;
let reader: { clientId: string; clientSecret: string };
let token: string;
const alice = randomUUID();
const bob = randomUUID();

before(async () => {
  system = await startTestSystem({ ACCESS_CLIENT_SECRET: ACCESS_SECRET, CPMS_CLIENT_SECRET: CPMS_SECRET, WEBHOOK_INTERVAL_SECONDS: "3600" }, { listen: true });
  const db = system.database.db;
  fixture = await catalogue(db);
  reader = await serviceClient(system, "Rare disease registry");
  await addApiClient(db, system.config, { clientId: reader.clientId, name: "Rare disease registry", applications: ["CPMS"] });
  token = await serviceToken(system, reader);
});
after(() => system.close());

type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { authorizations?: Record<string, unknown>[] } };

async function call(path: string, init: { token?: string | null; authorization?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const bearer = init.token === undefined ? token : init.token;
  if (init.authorization) headers.authorization = init.authorization;
  else if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${system.config.urls.access}${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer["body"] };
}

const auditOf = (type: string) =>
  system.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.type, type), sql`${auditEvents.details}->>'clientId' = ${reader.clientId}`));

describe("one user's authorizations", () => {
  test("a valid service token gets the granted right with its profile, ERN, country and provider", async () => {
    const db = system.database.db;
    const granted = await right(db, { sub: alice, profileId: fixture.hp.id, providerId: fixture.hospital.id, status: "granted" });
    const before = (await auditOf("api.authorizations_read")).length;
    const answer = await call(`/api/v1/authorizations?sub=${alice}&application=CPMS`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers.get("cache-control"), "no-store");
    assert.deepEqual(answer.body, {
      sub: alice,
      application: "CPMS",
      authorizations: [
        {
          rightId: granted.id,
          status: "granted",
          profile: { id: fixture.hp.id, name: "HP" },
          ern: { code: "EURACAN", name: await fixture.ernName("EURACAN") },
          country: { code: "FR", name: await fixture.countryName("FR") },
          provider: { id: fixture.hospital.id, code: "FR91", name: "Hôpital d'essai de la Pitié", guest: false },
          grantedSince: "2026-03-02T09:30:00.000Z",
        },
      ],
    });
    const events = await auditOf("api.authorizations_read");
    assert.equal(events.length, before + 1, "one audit event per call");
    assert.deepEqual(events.at(-1)?.details, { clientId: reader.clientId, application: "CPMS", sub: alice, count: 1 });
    assert.equal(events.at(-1)?.subjectId, alice);
  });

  test("requests, refusals, withdrawn and ended rights, and rights in another application are not authorizations; a deletion request still is", async () => {
    const db = system.database.db;
    const sub = randomUUID();
    for (const status of ["requested", "rejected", "withdrawn", "revoked"] as const) {
      await right(db, { sub, profileId: fixture.coordinator.id, providerId: fixture.hospital.id, status });
    }
    await right(db, { sub, applicationId: OTHER_APPLICATION, profileId: fixture.otherProfile.id, providerId: fixture.hospital.id, status: "granted" });
    const held = await right(db, { sub, profileId: fixture.hp.id, providerId: fixture.guest.id, status: "deletion_requested" });
    const answer = await call(`/api/v1/authorizations?sub=${sub}&application=CPMS`);
    assert.equal(answer.status, 200);
    const authorizations = answer.body.authorizations ?? [];
    assert.deepEqual(
      authorizations.map((a) => [a.rightId, a.status]),
      [[held.id, "deletion_requested"]],
    );
    assert.deepEqual(authorizations[0].provider, { id: fixture.guest.id, code: "0000", name: "Guest Access", guest: true });
  });

  test("an unknown sub has no authorizations: the same answer as a user without rights", async () => {
    const answer = await call("/api/v1/authorizations?sub=nobody-at-all&application=CPMS");
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { sub: "nobody-at-all", application: "CPMS", authorizations: [] });
  });
});

describe("service tokens", () => {
  const path = () => `/api/v1/authorizations?sub=${alice}&application=CPMS`;

  test("without a token: 401 with a Bearer challenge and no error code (RFC 6750 §3.1)", async () => {
    const answer = await call(path(), { token: null });
    assert.equal(answer.status, 401);
    assert.equal(answer.headers.get("www-authenticate"), 'Bearer realm="OpenCPMS access"');
    assert.equal(answer.headers.get("content-type"), "application/problem+json; charset=utf-8");
    assert.match(String(answer.body.detail), /A service token is required/);
  });

  test("a malformed Authorization header: 401 invalid_request", async () => {
    for (const authorization of ["Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer two words"]) {
      const answer = await call(path(), { authorization });
      assert.equal(answer.status, 401, authorization);
      assert.match(String(answer.headers.get("www-authenticate")), /^Bearer realm="OpenCPMS access", error="invalid_request"/);
    }
  });

  test("a token identity never issued: 401 invalid_token", async () => {
    const answer = await call(path(), { token: "garbage-token-that-identity-never-issued" });
    assert.equal(answer.status, 401);
    assert.match(String(answer.headers.get("www-authenticate")), /error="invalid_token"/);
    assert.match(String(answer.body.detail), /unknown, expired or revoked/);
  });

  test("a revoked token: 401 invalid_token", async () => {
    const revoked = await serviceToken(system, reader);
    await revokeToken(system, reader, revoked);
    const answer = await call(path(), { token: revoked });
    assert.equal(answer.status, 401);
    assert.match(String(answer.headers.get("www-authenticate")), /error="invalid_token"/);
  });

  test("a token identity gave a client for a user (it has a sub) is not a service token: 401 invalid_token", async () => {
    const answer = await call(path(), { token: await userAccessToken(system, reader.clientId, randomUUID()) });
    assert.equal(answer.status, 401);
    assert.match(String(answer.headers.get("www-authenticate")), /error="invalid_token"/);
    assert.match(String(answer.body.detail), /given to a user's session/);
  });

  test("a token of a client unknown to access: 403 insufficient_scope, and the refusal is audited", async () => {
    const stranger = await serviceClient(system, "Unregistered service");
    const answer = await call(path(), { token: await serviceToken(system, stranger) });
    assert.equal(answer.status, 403);
    assert.match(String(answer.headers.get("www-authenticate")), /error="insufficient_scope"/);
    assert.match(String(answer.body.detail), /is not an API client/);
    const [event] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "api.authorizations_refused"), sql`${auditEvents.details}->>'clientId' = ${stranger.clientId}`));
    assert.deepEqual(event.details, { clientId: stranger.clientId, application: "CPMS" });
  });

  test("a client allowed another application only: 403 for CPMS, 200 for its own", async () => {
    const other = await serviceClient(system, "Registry reader");
    await addApiClient(system.database.db, system.config, { clientId: other.clientId, name: "Registry reader", applications: [OTHER_APPLICATION] });
    const otherToken = await serviceToken(system, other);
    const refused = await call(path(), { token: otherToken });
    assert.equal(refused.status, 403);
    assert.match(String(refused.body.detail), /may not read the authorizations of CPMS/);
    assert.equal((await call(`/api/v1/authorizations?sub=${alice}&application=${OTHER_APPLICATION}`, { token: otherToken })).status, 200);
  });

  test("removing the API client refuses its still-valid token at once", async () => {
    const leaving = await serviceClient(system, "Leaving service");
    await addApiClient(system.database.db, system.config, { clientId: leaving.clientId, name: "Leaving service", applications: ["CPMS"] });
    const leavingToken = await serviceToken(system, leaving);
    assert.equal((await call(path(), { token: leavingToken })).status, 200);
    await system.database.db.delete(apiClients).where(eq(apiClients.clientId, leaving.clientId));
    assert.equal((await call(path(), { token: leavingToken })).status, 403);
  });

  test("the platform's cpms is an API client of CPMS from the start, and its own token works", async () => {
    const { clientId } = system.config.relyingParties.cpms;
    const [row] = await system.database.db.select().from(apiClients).where(eq(apiClients.clientId, clientId));
    assert.deepEqual(row.applications, ["CPMS"]);
    assert.equal(row.webhookUrl, null);
    const cpmsToken = await serviceToken(system, { clientId, clientSecret: CPMS_SECRET });
    assert.equal((await call(path(), { token: cpmsToken })).status, 200);
  });

  test("a positive answer is kept at most 30 seconds: a token revoked after use works until then, not after", async () => {
    let now = Date.now();
    const verifier = serviceTokenVerifier(identityProvider(system.config.urls.identity, { clientId: "access", clientSecret: ACCESS_SECRET }), {
      now: () => now,
    });
    const cached = await serviceToken(system, reader);
    assert.deepEqual(await verifier.verify(`Bearer ${cached}`), { clientId: reader.clientId });
    await revokeToken(system, reader, cached);
    now += 29_000;
    assert.deepEqual(await verifier.verify(`Bearer ${cached}`), { clientId: reader.clientId }, "still cached");
    now += 2_000;
    await assert.rejects(verifier.verify(`Bearer ${cached}`), (error: Error & { status?: number }) => error.status === 401);
  });

  test("an inactive answer is not cached: a garbage token is asked about again, and stays refused", async () => {
    const verifier = serviceTokenVerifier(identityProvider(system.config.urls.identity, { clientId: "access", clientSecret: ACCESS_SECRET }));
    for (let i = 0; i < 2; i++) await assert.rejects(verifier.verify("Bearer not-a-token"), (error: Error & { status?: number }) => error.status === 401);
  });

  test("access's own credentials refused by identity: 503, never a guess", async () => {
    const verifier = serviceTokenVerifier(
      identityProvider(system.config.urls.identity, { clientId: "access", clientSecret: "not-the-secret-of-access-0123456789" }),
    );
    await assert.rejects(verifier.verify(`Bearer ${token}`), (error: Error & { status?: number }) => error.status === 503);
  });
});

describe("input", () => {
  for (const [query, field] of [
    ["sub=x", "application"],
    ["sub=x&application=CPMS%20X", "application"],
    ["application=CPMS", "sub"],
    ["sub=x&application=CPMS&extra=1", "querystring"],
    ["application=CPMS&changedSince=yesterday", "changedSince"],
    ["application=CPMS&changedSince=2026-13-45T99:00:00Z", "changedSince"],
    ["application=CPMS&changedSince=2026-01-01T00:00:00Z&limit=0", "limit"],
    ["application=CPMS&cursor=bm90LWEtY3Vyc29y", "cursor"],
  ] as const) {
    test(`?${query}: 400 naming ${field}`, async () => {
      const answer = await call(`/api/v1/authorizations?${query}`);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.body.title, "Bad Request");
      const fields = ((answer.body.errors ?? []) as { field: string }[]).map((error) => error.field);
      if (field !== "querystring") assert.ok(fields.includes(field), JSON.stringify(answer.body));
    });
  }

  test("a sub and changedSince together: 400", async () => {
    const answer = await call("/api/v1/authorizations?sub=x&application=CPMS&changedSince=2026-01-01T00:00:00Z");
    assert.equal(answer.status, 400);
    assert.match(String(answer.body.detail), /either for one user/);
  });

  test("bad input without a token is refused for the token first", async () => {
    assert.equal((await call("/api/v1/authorizations?application=CPMS%20X", { token: null })).status, 401);
  });

  test("bulk: no subs, more than 500, or a wrong field is 400", async () => {
    for (const body of [
      { application: "CPMS", subs: [] },
      { application: "CPMS", subs: Array.from({ length: 501 }, (_, i) => `sub-${i}`) },
      { application: "CPMS", subs: ["x"], more: true },
      { subs: ["x"] },
    ]) {
      const answer = await call("/api/v1/authorizations/query", { body });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
    }
  });
});

describe("bulk form", () => {
  test("each sub once, in the order given, with its authorizations; an unknown sub has none", async () => {
    const db = system.database.db;
    await right(db, { sub: bob, profileId: fixture.coordinator.id, providerId: fixture.hospital.id, status: "granted" });
    await right(db, { sub: bob, profileId: fixture.hp.id, providerId: fixture.guest.id, status: "requested" });
    const answer = await call("/api/v1/authorizations/query", { body: { application: "CPMS", subs: [bob, "unknown-sub", alice, bob] } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const users = answer.body.users as { sub: string; authorizations: { profile: { name: string } }[] }[];
    assert.deepEqual(
      users.map((user) => [user.sub, user.authorizations.map((a) => a.profile.name)]),
      [
        [bob, ["Coordinator"]],
        ["unknown-sub", []],
        [alice, ["HP"]],
      ],
    );
    const [event] = (await auditOf("api.authorizations_read")).filter((row) => Array.isArray(row.details.subs));
    assert.deepEqual(event.details, { clientId: reader.clientId, application: "CPMS", subs: [bob, "unknown-sub", alice], count: 2 });
  });

  test("the bulk form needs a service token too", async () => {
    const answer = await call("/api/v1/authorizations/query", { token: null, body: { application: "CPMS", subs: [alice] } });
    assert.equal(answer.status, 401);
  });
});

describe("changes, for syncing", () => {
  test("pages through the rights changed since a time, once each, ended ones included as not held", async () => {
    const db = system.database.db;
    const app = OTHER_APPLICATION;
    const since = new Date();
    const made = [];
    for (const status of ["granted", "requested", "revoked", "deletion_requested", "granted"] as const) {
      made.push(await right(db, { sub: randomUUID(), applicationId: app, profileId: fixture.otherProfile.id, providerId: fixture.hospital.id, status }));
    }
    // Two rights changed in the same microsecond: the cursor still tells them apart.
    await db.update(rights).set({ updatedAt: sql`'2099-01-01T00:00:00.123456Z'::timestamptz` }).where(eq(rights.id, made[3].id));
    await db.update(rights).set({ updatedAt: sql`'2099-01-01T00:00:00.123456Z'::timestamptz` }).where(eq(rights.id, made[4].id));
    const other = await serviceClient(system, "Syncing registry");
    await addApiClient(db, system.config, { clientId: other.clientId, name: "Syncing registry", applications: [app] });
    const syncToken = await serviceToken(system, other);
    const seen: [string, boolean][] = [];
    let answer = await call(`/api/v1/authorizations?application=${app}&changedSince=${since.toISOString()}&limit=2`, { token: syncToken });
    for (let pages = 1; ; pages++) {
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      for (const change of answer.body.changes as { rightId: string; held: boolean; sub: string }[]) {
        assert.equal(change.sub, made.find((row) => row.id === change.rightId)?.sub);
        seen.push([change.rightId, change.held]);
      }
      if (!answer.body.hasMore) break;
      assert.ok(pages < 5);
      answer = await call(`/api/v1/authorizations?application=${app}&cursor=${answer.body.nextCursor}&limit=2`, { token: syncToken });
    }
    assert.deepEqual(seen, [[made[0].id, true], [made[2].id, false], ...[made[3].id, made[4].id].sort().map((id) => [id, true] as [string, boolean])]);
    const nextCursor = answer.body.nextCursor as string;
    const later = await call(`/api/v1/authorizations?application=${app}&cursor=${nextCursor}`, { token: syncToken });
    assert.deepEqual(later.body, { application: app, changes: [], nextCursor, hasMore: false }, "nothing new: the same cursor to come back with");
  });

  test("a page of changes is read from an index in the feed's order, not by sorting all the application's rights", async () => {
    const plan = await system.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_sort = off`);
      return (await tx.execute(sql`explain select ${rights.id} from ${rights}
        where ${rights.applicationId} = 'CPMS' and (${rights.updatedAt}, ${rights.id}) > (now(), ${randomUUID()}::uuid)
        order by ${rights.updatedAt}, ${rights.id} limit 100`)) as unknown as { rows: Record<string, string>[] };
    });
    const text = plan.rows.map((row) => Object.values(row).join(" ")).join("\n");
    assert.match(text, /rights_application_id_updated_at_id_index/, text);
  });
});

describe("identity out of reach", () => {
  test("503 problem, not a refusal of the token", async () => {
    const lone = await startTestSystem({
      SERVICES: "access",
      IDENTITY_URL: `http://127.0.0.1:${await freePort()}`,
      ACCESS_CLIENT_SECRET: ACCESS_SECRET,
      WEBHOOK_INTERVAL_SECONDS: "3600",
    });
    try {
      const answer = await lone.server("access").inject({
        method: "GET",
        url: `/api/v1/authorizations?sub=${alice}&application=CPMS`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(answer.statusCode, 503);
      assert.equal(answer.headers["content-type"], "application/problem+json; charset=utf-8");
      assert.match(answer.json().detail, /cannot be reached/);
    } finally {
      await lone.close();
    }
  });
});

describe("rate limit", () => {
  // Last in this file: it spends the loopback address's allowance for the minute.
  test("more than 600 calls a minute from one address get 429 with Retry-After", async () => {
    const access = system.server("access");
    let limited: Awaited<ReturnType<typeof access.inject>> | undefined;
    for (let i = 0; i < 605 && !limited; i++) {
      const answer = await access.inject({ method: "GET", url: "/api/v1/authorizations?sub=x&application=CPMS" });
      if (answer.statusCode === 429) limited = answer;
      else assert.equal(answer.statusCode, 401);
    }
    assert.ok(limited, "limited within 605 calls");
    assert.ok(Number(limited.headers["retry-after"]) > 0);
    assert.equal(limited.headers["content-type"], "application/problem+json; charset=utf-8");
  });
});
