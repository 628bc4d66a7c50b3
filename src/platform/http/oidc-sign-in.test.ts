/*
 * cpms and access signing in at identity, against a listening system over
 * real HTTP: the authorization request, the round trip to a session of the
 * service's own, single sign-on, and every way a callback is refused.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { oidcClients } from "../../identity/oidc/tables.ts";
import * as access from "../../access/pg-schema.ts";
import * as cpms from "../../cpms/pg-schema.ts";
import type { System } from "../../system.ts";
import { sha256 } from "../crypto.ts";
import { FetchBrowser } from "../testing/fetch-browser.ts";
import { startTestSystem } from "../testing/test-system.ts";
import { localPath } from "./oidc-sign-in-logins.ts";
import { addPerson, loginUntilCallback, PERSON, signedInAtIdentity, signInTo } from "./oidc-sign-in-testing.ts";

let system: System;
let userId: string;
let urls: System["config"]["urls"];

before(async () => {
  system = await startTestSystem({}, { listen: true });
  urls = system.config.urls;
  ({ id: userId } = await addPerson(system));
});
after(() => system.close());

const cpmsSessions = () => system.database.db.select().from(cpms.rpSessions).where(eq(cpms.rpSessions.sub, userId));
const cpmsAudit = (type: string) =>
  system.database.db
    .select()
    .from(cpms.auditEvents)
    .where(and(eq(cpms.auditEvents.type, type), eq(cpms.auditEvents.actorId, userId)));

describe("the authorization request", () => {
  test("Login sends the browser to identity with PKCE (S256), state, nonce and the level cpms needs", async () => {
    const browser = new FetchBrowser();
    const hop = await browser.fetch(`${urls.cpms}/auth/login?returnTo=${encodeURIComponent("/patients?page=2")}`);
    assert.equal(hop.status, 303);
    assert.equal(hop.headers.get("cache-control"), "no-store");
    const url = new URL(hop.location as string);
    assert.equal(`${url.origin}${url.pathname}`, `${urls.identity}/oidc/auth`);
    const params = Object.fromEntries(url.searchParams);
    assert.equal(params.client_id, "cpms");
    assert.equal(params.response_type, "code");
    assert.equal(params.redirect_uri, `${urls.cpms}/auth/callback`);
    assert.equal(params.scope, "openid email profile");
    assert.equal(params.code_challenge_method, "S256");
    assert.match(params.code_challenge, /^[\w-]{43}$/);
    assert.match(params.state, /^[\w-]{43}$/);
    assert.match(params.nonce, /^[\w-]{43}$/);
    assert.equal(params.acr_values, "substantial");

    const cookie = hop.headers.getSetCookie().find((line) => line.startsWith("cpms_login="));
    assert.ok(cookie, "the sign-in is bound to this browser by a cookie");
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\/auth/);
    const browserKey = browser.cookies.get("cpms_login") as string;
    const [row] = await system.database.db.select().from(cpms.rpLogins).where(eq(cpms.rpLogins.state, params.state));
    assert.equal(row.keyHash, sha256(`${browserKey}.${params.state}`), "the table holds a hash, not the cookie's value");
    assert.equal(row.returnTo, "/patients?page=2");
    assert.equal(row.nonce, params.nonce);
    assert.ok(row.expiresAt.getTime() - Date.now() <= 15 * 60_000);
  });

  test("access asks for a password only", async () => {
    const hop = await new FetchBrowser().fetch(`${urls.access}/auth/login`);
    const url = new URL(hop.location as string);
    assert.equal(url.searchParams.get("client_id"), "access");
    assert.equal(url.searchParams.get("acr_values"), "low");
    assert.equal(url.searchParams.get("redirect_uri"), `${urls.access}/auth/callback`);
  });

  test("only a path of the service is a place to return to", () => {
    assert.equal(localPath("/patients?page=2#top"), "/patients?page=2#top");
    for (const elsewhere of ["https://evil.example/", "//evil.example/", "/\\evil.example/", "/\t/evil.example/", "evil", "", undefined]) {
      assert.equal(localPath(elsewhere), "/", String(elsewhere));
    }
  });
});

describe("the round trip", () => {
  test("identity signs the user in; cpms opens its own session and goes back to the path asked for", async () => {
    const browser = await signedInAtIdentity(system, "substantial");
    const before = (await cpmsAudit("sign_in")).length;
    const hops = await signInTo(browser, urls.cpms, "/patients");
    assert.ok(
      hops.some((hop) => hop.url.startsWith(`${urls.identity}/oidc/`)),
      "through identity's provider",
    );

    const callback = hops.at(-1);
    const cookie = callback?.headers.getSetCookie().find((line) => line.startsWith("cpms_session="));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    const token = browser.cookies.get("cpms_session") as string;
    const [session] = await system.database.db
      .select()
      .from(cpms.rpSessions)
      .where(eq(cpms.rpSessions.tokenHash, sha256(token)));
    assert.ok(session, "the table holds the token's SHA-256");
    assert.equal(session.sub, userId);
    assert.equal(session.email, PERSON.email);
    assert.equal(session.name, `${PERSON.firstName} ${PERSON.lastName}`);
    assert.equal(session.acr, "substantial");
    assert.deepEqual(session.amr, ["pwd", "sms", "mfa"]);
    assert.ok(session.sid && session.idToken && session.authTime);
    assert.equal((await cpmsAudit("sign_in")).length, before + 1);

    const me = await browser.api(urls.cpms, "/api/session");
    assert.deepEqual(me.body, { user: { name: "Inês Duarte", email: PERSON.email }, acr: "substantial" });
    const home = await browser.fetch(`${urls.cpms}/`);
    assert.equal(home.headers.get("cache-control"), "no-store", "the pages are never cached");
  });

  test("then access passes straight through: single sign-on, no page shown", async () => {
    const browser = await signedInAtIdentity(system, "substantial");
    await signInTo(browser, urls.cpms);
    const hops = await signInTo(browser, urls.access);
    assert.ok(!hops.some((hop) => /\/(login|step-up)\?/.test(hop.location ?? "")));
    const me = await browser.api(urls.access, "/api/session");
    assert.equal(me.body.user.name, "Inês Duarte");
    const [session] = await system.database.db
      .select()
      .from(access.rpSessions)
      .where(eq(access.rpSessions.tokenHash, sha256(browser.cookies.get("access_session") as string)));
    assert.equal(session.sub, userId);
  });

  test("with a password only, cpms's sign-in goes to identity's step-up page and no code comes back", async () => {
    const browser = await signedInAtIdentity(system, "low");
    const { callback, hops } = await loginUntilCallback(browser, urls.cpms);
    assert.equal(callback, null);
    assert.match(hops.at(-1)?.location ?? "", /\/step-up\?acr=substantial&returnTo=%2Foidc%2Finteraction%2F/);
  });

  test("signed out, the home page offers Login and /api/session says no one", async () => {
    const browser = new FetchBrowser();
    for (const origin of [urls.cpms, urls.access]) {
      // The page is the service's web app; it asks /api/session and offers Login (/auth/login) when no one is signed in.
      const home = await browser.fetch(`${origin}/`);
      assert.equal(home.status, 200);
      assert.match(home.body, /<div id="root"><\/div>/);
      assert.deepEqual((await browser.api(origin, "/api/session")).body, { user: null, acr: null });
    }
  });
});

describe("refused callbacks", () => {
  const isTryAgainPage = (body: string, title: RegExp) => {
    assert.match(body, title);
    assert.match(body, /<a class="button" href="\/auth\/login\?returnTo=[^"]*">Try again<\/a>/);
    assert.doesNotMatch(body, /at .*\.ts:\d+/, "no stack trace");
  };

  test("a replayed callback is refused and opens no second session", async () => {
    const browser = await signedInAtIdentity(system, "substantial");
    const { callback } = await loginUntilCallback(browser, urls.cpms);
    assert.ok(callback);
    assert.equal((await browser.fetch(callback)).status, 303);
    const sessions = (await cpmsSessions()).length;
    const replay = await browser.fetch(callback);
    assert.equal(replay.status, 400);
    isTryAgainPage(replay.body, /This sign-in has expired/);
    assert.equal((await cpmsSessions()).length, sessions);
  });

  test("a callback with a wrong state, or in another browser, is refused", async () => {
    const browser = await signedInAtIdentity(system, "substantial");
    const { callback } = await loginUntilCallback(browser, urls.cpms);
    assert.ok(callback);
    const wrongState = new URL(callback);
    wrongState.searchParams.set("state", "x".repeat(43));
    const wrong = await browser.fetch(wrongState);
    assert.equal(wrong.status, 400);
    isTryAgainPage(wrong.body, /This sign-in has expired/);

    const elsewhere = await new FetchBrowser().fetch(callback);
    assert.equal(elsewhere.status, 400);
    isTryAgainPage(elsewhere.body, /was not started in this browser/);
    assert.equal(elsewhere.headers.get("set-cookie"), null, "no session");
  });

  test("a sign-in that took too long is refused", async () => {
    const browser = await signedInAtIdentity(system, "substantial");
    const { callback } = await loginUntilCallback(browser, urls.cpms);
    assert.ok(callback);
    const state = new URL(callback).searchParams.get("state") as string;
    await system.database.db
      .update(cpms.rpLogins)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(cpms.rpLogins.state, state));
    const late = await browser.fetch(callback);
    assert.equal(late.status, 400);
    isTryAgainPage(late.body, /took more than 15 minutes/);
  });

  test("cancelling at identity brings the user back to a clear page", async () => {
    const browser = new FetchBrowser();
    const { hops } = await loginUntilCallback(browser, urls.cpms, "/patients");
    const signInPage = new URL(hops.at(-1)?.location as string);
    assert.equal(signInPage.pathname, "/login");
    const interaction = signInPage.searchParams.get("returnTo") as string;
    const abort = await browser.follow(`${urls.identity}${interaction}/abort`, (next) => next.startsWith(`${urls.cpms}/auth/callback`));
    const callback = abort.at(-1)?.location as string;
    assert.equal(new URL(callback).searchParams.get("error"), "access_denied");
    const page = await browser.fetch(callback);
    assert.equal(page.status, 403);
    isTryAgainPage(page.body, /Sign-in cancelled/);
    assert.match(page.body, /returnTo=%2Fpatients/, "Try again returns to the same place");
  });

  test("identity answering login_required gets a clear page", async () => {
    const browser = new FetchBrowser();
    const hop = await browser.fetch(`${urls.cpms}/auth/login`);
    const state = new URL(hop.location as string).searchParams.get("state") as string;
    const page = await browser.fetch(`${urls.cpms}/auth/callback?error=login_required&state=${state}&iss=${encodeURIComponent(urls.identity)}`);
    assert.equal(page.status, 401);
    isTryAgainPage(page.body, /You are not signed in at OpenCPMS Login/);
  });

  test("an ID token below the level asked for is refused, and the refusal audited", async () => {
    // identity never issues one to cpms; make it, as a misconfigured or hostile provider would.
    const db = system.database.db;
    await db.update(oidcClients).set({ acr: "low" }).where(eq(oidcClients.clientId, "cpms"));
    try {
      const browser = await signedInAtIdentity(system, "low");
      const start = await browser.fetch(`${urls.cpms}/auth/login`);
      const lowered = new URL(start.location as string);
      lowered.searchParams.set("acr_values", "low");
      const hops = await browser.follow(lowered, (next) => next.startsWith(`${urls.cpms}/auth/callback`));
      const callback = hops.at(-1)?.location as string;
      assert.ok(callback?.includes("code="), JSON.stringify(hops.map((hop) => hop.location)));
      const sessions = (await cpmsSessions()).length;
      const page = await browser.fetch(callback);
      assert.equal(page.status, 403);
      isTryAgainPage(page.body, /A stronger sign-in is needed/);
      assert.match(page.body, /assurance level substantial\); this sign-in was at level low/);
      assert.equal(browser.cookies.has("cpms_session"), false);
      assert.equal((await cpmsSessions()).length, sessions);
      const [refused] = await cpmsAudit("sign_in_refused");
      assert.deepEqual(refused.details, { acr: "low", needed: "substantial" });
    } finally {
      await db.update(oidcClients).set({ acr: "substantial" }).where(eq(oidcClients.clientId, "cpms"));
    }
  });
});
