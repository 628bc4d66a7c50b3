import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { like } from "drizzle-orm";
import { identityPlatform } from "../../identity/pg-schema.ts";
import { createIdentityServer } from "../../identity/service.ts";
import type { System } from "../../system.ts";
import { TestBrowser } from "../testing/http-client.ts";
import { startTestSystem } from "../testing/test-system.ts";
import type { Server } from "./server.ts";

const PROBLEM = "application/problem+json; charset=utf-8";

function assertProblem(response: { status: number; headers: Record<string, unknown>; body: Record<string, unknown> }, status: number) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.headers["content-type"], PROBLEM);
  const { title, detail } = response.body;
  assert.equal(response.body.status, status);
  assert.ok(typeof title === "string" && title.length > 0, "a title");
  assert.ok(typeof detail === "string" && detail.length > 0, "a human message");
  assert.doesNotMatch(JSON.stringify(response.body), /\bat .*\.ts:\d+/, "no stack trace");
}

describe("Every service's HTTP server", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const identity = () => system.servers.identity as Server;

  test("GET /healthz answers 200 {status: ok} on identity, access and cpms", async () => {
    for (const name of ["identity", "access", "cpms"] as const) {
      const server = system.servers[name];
      assert.ok(server, `${name} runs`);
      const response = await server.inject({ url: "/healthz" });
      assert.equal(response.statusCode, 200, name);
      assert.deepEqual(response.json(), { status: "ok", service: name });
    }
  });

  test("an unknown path answers 404 as problem+json naming the path", async () => {
    const cases: [Server, string][] = [
      [identity(), "/api/no-such-endpoint"],
      [system.servers.cpms as Server, "/api/no-such-endpoint?token=secret"],
      [system.servers.access as Server, "/api/no-such-endpoint"],
    ];
    for (const [server, url] of cases) {
      const response = await new TestBrowser(server).get(url);
      assertProblem(response, 404);
      assert.equal(response.body.title, "Not Found");
      assert.equal(response.body.detail, `There is nothing at ${url.split("?")[0]}.`);
    }
  });

  test("any other path is a page of the service's web app, which routes it in the browser", async () => {
    for (const server of [identity(), system.servers.cpms as Server, system.servers.access as Server]) {
      const response = await server.inject({ method: "GET", url: "/no-such-page" });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^text\/html/);
      assert.match(response.body, /<div id="root"><\/div>/);
    }
  });

  test("a state-changing request without the CSRF token is refused with 403 and changes nothing", async () => {
    const response = await identity().inject({
      method: "POST",
      url: "/api/sign-in/email",
      remoteAddress: "198.51.100.10",
      payload: { email: "ana.ferreira@chlc.example" },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(response.headers["content-type"], PROBLEM);
    const body = response.json();
    assert.equal(body.status, 403);
    assert.equal(body.title, "Forbidden");
    assert.equal(body.detail, "This page has expired. Please reload it and try again.");
    const cookies = [response.headers["set-cookie"] ?? []].flat().join("\n");
    assert.doesNotMatch(cookies, /identity_email=/);
  });

  test("a CSRF token of another browser is refused with 403", async () => {
    const mine = new TestBrowser(identity());
    const theirs = new TestBrowser(identity());
    const theirToken = (await theirs.get("/api/csrf")).body.token;
    await mine.get("/api/csrf"); // mine holds its own secret cookie
    const response = await mine.request("POST", "/api/sign-in/email", { email: "ana.ferreira@chlc.example" }, { "x-csrf-token": theirToken });
    assertProblem(response, 403);
    assert.equal(mine.cookies.has("identity_email"), false);
  });

  test("with the CSRF token, the same request works and sets its cookie", async () => {
    const browser = new TestBrowser(identity());
    const response = await browser.post("/api/sign-in/email", { email: "Ana.Ferreira@CHLC.example" });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.email, "ana.ferreira@chlc.example");
    assert.equal(browser.cookies.get("identity_email"), "ana.ferreira@chlc.example");
  });

  test("pages and answers carry security headers: scripts only from self, no sniffing, no framing", async () => {
    for (const [server, url] of [
      [identity(), "/login"],
      [identity(), "/api/session"],
      [system.servers.cpms as Server, "/"],
    ] as const) {
      const response = await new TestBrowser(server).get(url);
      assert.equal(response.status, 200, url);
      const csp = String(response.headers["content-security-policy"]);
      assert.match(csp, /(^|;)\s*script-src 'self'(;|$)/, csp);
      assert.match(csp, /(^|;)\s*default-src 'self'(;|$)/, csp);
      assert.match(csp, /(^|;)\s*frame-ancestors 'none'(;|$)/, csp);
      assert.match(csp, /(^|;)\s*object-src 'none'(;|$)/, csp);
      assert.equal(response.headers["x-content-type-options"], "nosniff");
      assert.ok(response.headers["x-frame-options"], "x-frame-options for old browsers");
      assert.equal(response.headers["strict-transport-security"], undefined, "no HSTS over plain http");
    }
  });

  test("a body that is not valid JSON answers 400 as problem+json", async () => {
    const browser = new TestBrowser(identity());
    const response = await browser.request("POST", "/api/sign-in/email", '{"email": "ana@', { "content-type": "application/json" });
    assertProblem(response, 400);
    assert.equal(browser.cookies.has("identity_email"), false);
  });

  test("a body that fails the schema answers 400 with a human message next to the field", async () => {
    const browser = new TestBrowser(identity());
    const response = await browser.post("/api/sign-in/email", { email: "not-an-address" });
    assertProblem(response, 400);
    assert.deepEqual(response.body.errors, [{ field: "email", detail: "Enter a valid e-mail address, like name@hospital.eu." }]);
    assert.equal(response.body.detail, "Enter a valid e-mail address, like name@hospital.eu.");
  });

  test("text holding a NUL character anywhere in a body answers 400 naming the field, on every service", async () => {
    const browser = new TestBrowser(identity());
    const response = await browser.post("/api/sign-in/email", { email: "ana\u0000@chlc.example" });
    assertProblem(response, 400);
    assert.deepEqual(
      response.body.errors.map((e: { field: string }) => e.field),
      ["email"],
    );
    assert.equal(browser.cookies.has("identity_email"), false);
    const nested = await new TestBrowser(system.servers.cpms as Server).post("/api/notifications/read", { ids: ["a", "b\u0000"] });
    assertProblem(nested, 400);
    assert.deepEqual(
      nested.body.errors.map((e: { field: string }) => e.field),
      ["ids.1"],
    );
  });

  test("a body over 1 MiB answers 413 as problem+json", async () => {
    const browser = new TestBrowser(identity());
    const big = JSON.stringify({ email: `${"a".repeat(1024 * 1024)}@example.org` });
    const response = await browser.request("POST", "/api/sign-in/email", big, { "content-type": "application/json" });
    assertProblem(response, 413);
    assert.equal(response.body.title, "Payload Too Large");
    // Just under the limit is parsed (and then refused by the schema, not by size).
    const fits = await browser.request("POST", "/api/sign-in/email", JSON.stringify({ email: "a".repeat(1000 * 1000) }), {
      "content-type": "application/json",
    });
    assertProblem(fits, 400);
  });
});

describe("The per-IP rate limit", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem({ RATE_LIMIT_PER_MINUTE: "5" });
  });
  after(() => system.close());
  const identity = () => system.servers.identity as Server;
  const get = (server: Server, ip: string, url = "/api/settings") => server.inject({ url, remoteAddress: ip });

  test("the sixth request in a minute from one IP answers 429 problem+json with retry-after", async () => {
    const ip = "203.0.113.1";
    for (let i = 1; i <= 5; i++) assert.equal((await get(identity(), ip)).statusCode, 200, `request ${i}`);
    const refused = await get(identity(), ip);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers["content-type"], PROBLEM);
    const body = refused.json();
    assert.equal(body.status, 429);
    assert.equal(body.title, "Too Many Requests");
    const retryAfter = Number(refused.headers["retry-after"]);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${refused.headers["retry-after"]}`);
    assert.equal(body.detail, `Too many requests. Please wait ${retryAfter} seconds and try again.`);
    assert.equal((await get(identity(), ip, "/healthz")).statusCode, 200, "health checks are never limited");
  });

  test("the limit counts per IP: another IP still passes", async () => {
    const busy = "203.0.113.2";
    for (let i = 0; i < 6; i++) await get(identity(), busy);
    assert.equal((await get(identity(), busy)).statusCode, 429);
    assert.equal((await get(identity(), "203.0.113.3")).statusCode, 200);
  });

  test("each service counts on its own", async () => {
    const ip = "203.0.113.4";
    for (let i = 0; i < 6; i++) await get(identity(), ip);
    assert.equal((await get(identity(), ip)).statusCode, 429);
    assert.equal((await get(system.servers.cpms as Server, ip, "/")).statusCode, 200);
  });

  test("the counter lives in the database: two servers on one database count together", async () => {
    const other = await createIdentityServer(system.config, system.database.db);
    try {
      const ip = "203.0.113.5";
      for (let i = 0; i < 3; i++) assert.equal((await get(identity(), ip)).statusCode, 200);
      const [row] = await system.database.db
        .select()
        .from(identityPlatform.rateLimits)
        .where(like(identityPlatform.rateLimits.key, `%${ip}`));
      assert.equal(row.count, 3);
      assert.ok(row.resetAt.getTime() > Date.now());
      assert.equal((await get(other, ip)).statusCode, 200, "fourth");
      assert.equal((await get(other, ip)).statusCode, 200, "fifth");
      assert.equal((await get(other, ip)).statusCode, 429, "the other server knows of the first three");
      assert.equal((await get(identity(), ip)).statusCode, 429, "and the first knows of the other's");
    } finally {
      await other.close();
    }
  });

  test("a route with its own limit counts apart, with its own counter per route", async () => {
    const ip = "203.0.113.7";
    // The CSRF pair is not tied to an address: fetch it from elsewhere.
    const csrf = await identity().inject({ url: "/api/csrf", remoteAddress: "203.0.113.8" });
    const cookie = [csrf.headers["set-cookie"]]
      .flat()
      .map((line) => String(line).split(";")[0])
      .join("; ");
    const headers = { cookie, "x-csrf-token": csrf.json().token };
    for (let i = 0; i < 6; i++) await get(identity(), ip);
    assert.equal((await get(identity(), ip)).statusCode, 429, "the global limit is reached");
    const signIn = await identity().inject({ method: "POST", url: "/api/sign-in/email", remoteAddress: ip, headers, payload: { email: "ana@chlc.example" } });
    assert.equal(signIn.statusCode, 200, signIn.body);
    const keys = (
      await system.database.db
        .select()
        .from(identityPlatform.rateLimits)
        .where(like(identityPlatform.rateLimits.key, `%${ip}`))
    ).map((row) => `${row.key}=${row.count}`);
    assert.deepEqual(keys.sort(), [`ip:${ip}=7`, `ip:POST:/api/sign-in/email:${ip}=1`]);
  });

  test("an expired window starts counting again", async () => {
    const ip = "203.0.113.6";
    for (let i = 0; i < 6; i++) await get(identity(), ip);
    assert.equal((await get(identity(), ip)).statusCode, 429);
    await system.database.db
      .update(identityPlatform.rateLimits)
      .set({ resetAt: new Date(Date.now() - 1000) })
      .where(like(identityPlatform.rateLimits.key, `%${ip}`));
    assert.equal((await get(identity(), ip)).statusCode, 200);
  });
});
