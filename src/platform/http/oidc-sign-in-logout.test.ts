/*
 * Signing out of cpms and access, against a listening system over real HTTP:
 * "Sign out" (CSRF-protected) ends the session here and at identity, which
 * tells the other applications by back-channel logout; identity's own
 * sign-out does the same; and a logout token is believed only when identity
 * signed it for this service.
 */
import assert from "node:assert/strict";
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { type JWTPayload, SignJWT } from "jose";
import { signingKeys } from "../../identity/oidc/keys.ts";
import * as access from "../../access/pg-schema.ts";
import * as cpms from "../../cpms/pg-schema.ts";
import type { System } from "../../system.ts";
import { randomToken, sha256 } from "../crypto.ts";
import type { FetchBrowser } from "../testing/fetch-browser.ts";
import { startTestSystem } from "../testing/test-system.ts";
import { addPerson, signedInAtIdentity, signInTo, signOutToken } from "./oidc-sign-in-testing.ts";

const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

let system: System;
let userId: string;
let urls: System["config"]["urls"];

before(async () => {
  system = await startTestSystem({}, { listen: true });
  urls = system.config.urls;
  ({ id: userId } = await addPerson(system));
});
after(() => system.close());

const sessionOf = async (browser: FetchBrowser, service: "cpms" | "access") => {
  const table = service === "cpms" ? cpms.rpSessions : access.rpSessions;
  const token = browser.cookies.get(`${service}_session`);
  if (!token) return undefined;
  const [row] = await system.database.db
    .select()
    .from(table)
    .where(eq(table.tokenHash, sha256(token)));
  return row;
};

/** Signed in at identity, then to cpms and access. */
async function signedInEverywhere(): Promise<FetchBrowser> {
  const browser = await signedInAtIdentity(system, "substantial");
  await signInTo(browser, urls.cpms);
  await signInTo(browser, urls.access);
  return browser;
}

const postForm = (browser: FetchBrowser, url: string, fields: Record<string, string>) =>
  browser.fetch(url, { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" } });

describe("Sign out", () => {
  test("without the page's CSRF token, nothing happens", async () => {
    const browser = await signedInEverywhere();
    const forged = await postForm(browser, `${urls.cpms}/auth/logout`, {});
    assert.equal(forged.status, 403);
    const wrong = await postForm(browser, `${urls.cpms}/auth/logout`, { _csrf: "not-the-token" });
    assert.equal(wrong.status, 403);
    assert.ok(await sessionOf(browser, "cpms"), "still signed in");
  });

  test("ends the session here, then at identity with id_token_hint; identity tells access on the back channel", async () => {
    const browser = await signedInEverywhere();
    const session = await sessionOf(browser, "cpms");
    assert.ok(session && (await sessionOf(browser, "access")));
    const home = await browser.fetch(`${urls.cpms}/`);
    // Browsers apply form-action to the redirects that follow the form.
    assert.match(home.headers.get("content-security-policy") ?? "", new RegExp(`form-action 'self' ${urls.identity}(;|$)`));

    const signOut = await postForm(browser, `${urls.cpms}/auth/logout`, { _csrf: await signOutToken(browser, urls.cpms) });
    assert.equal(signOut.status, 303);
    const endSession = new URL(signOut.location as string);
    assert.equal(`${endSession.origin}${endSession.pathname}`, `${urls.identity}/oidc/session/end`);
    assert.equal(endSession.searchParams.get("id_token_hint"), session.idToken);
    assert.equal(endSession.searchParams.get("post_logout_redirect_uri"), `${urls.cpms}/`);
    assert.equal(endSession.searchParams.get("client_id"), "cpms");
    assert.equal(browser.cookies.has("cpms_session"), false, "the cookie is cleared");
    assert.equal((await system.database.db.select().from(cpms.rpSessions).where(eq(cpms.rpSessions.tokenHash, session.tokenHash))).length, 0);
    const [audited] = await system.database.db
      .select()
      .from(cpms.auditEvents)
      .where(and(eq(cpms.auditEvents.type, "sign_out"), eq(cpms.auditEvents.actorId, userId)));
    assert.equal(audited.details.sid, session.sid);

    // identity's page submits itself (a valid id_token_hint); its form is what the browser posts.
    const page = await browser.fetch(endSession);
    assert.match(page.body, /data-auto="yes"/);
    const action = page.body.match(/action="([^"]+)"/)?.[1] as string;
    const xsrf = page.body.match(/name="xsrf" value="([^"]+)"/)?.[1] as string;
    const confirmed = await postForm(browser, new URL(action, urls.identity).href, { xsrf, logout: "yes" });
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.location, `${urls.cpms}/`);
    assert.equal((await browser.api(urls.identity, "/api/session")).body.user, null, "signed out of identity");
    assert.equal((await browser.api(urls.access, "/api/session")).body.user, null, "and of access, by back-channel logout");
    assert.equal((await browser.api(urls.cpms, "/api/session")).body.user, null, "and of cpms, whose pages offer Login again");
  });

  test("signing out on identity's pages ends the sessions of cpms and access", async () => {
    const browser = await signedInEverywhere();
    const answer = await browser.api(urls.identity, "/api/sign-out", {});
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(await sessionOf(browser, "cpms"), undefined);
    assert.equal(await sessionOf(browser, "access"), undefined);
    assert.equal((await browser.api(urls.cpms, "/api/session")).body.user, null);
  });

  test("without a session, Sign out just goes home", async () => {
    const browser = await signedInEverywhere();
    const token = await signOutToken(browser, urls.cpms);
    await postForm(browser, `${urls.cpms}/auth/logout`, { _csrf: token });
    const again = await postForm(browser, `${urls.cpms}/auth/logout`, { _csrf: token });
    assert.equal(again.status, 303);
    assert.equal(again.location, `${urls.cpms}/`);
  });
});

describe("back-channel logout tokens", () => {
  /** A logout token as identity would send it to cpms, signed with identity's current key unless told otherwise. */
  async function logoutToken(claims: JWTPayload, options: { forged?: boolean; alg?: "HS256" } = {}) {
    const payload: JWTPayload = {
      iss: urls.identity,
      aud: "cpms",
      iat: Math.floor(Date.now() / 1000),
      jti: randomToken(),
      events: { [LOGOUT_EVENT]: {} },
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    const [signing] = await signingKeys(system.database.db, system.config);
    if (options.alg === "HS256") {
      return new SignJWT(payload).setProtectedHeader({ alg: "HS256", kid: signing.kid }).sign(new TextEncoder().encode("a-shared-secret-a-shared-secret-32"));
    }
    const key = options.forged ? generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey : createPrivateKey({ key: { ...signing }, format: "jwk" });
    return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: signing.kid, typ: "logout+jwt" }).sign(key);
  }

  const post = (browser: FetchBrowser, token: string) => postForm(browser, `${urls.cpms}/auth/backchannel-logout`, { logout_token: token });

  test("a token for identity's session (sid) ends the cpms sessions of that session only", async () => {
    const browser = await signedInEverywhere();
    const other = await signedInEverywhere();
    const session = await sessionOf(browser, "cpms");
    assert.ok(session?.sid);
    const answer = await post(browser, await logoutToken({ sub: userId, sid: session.sid }));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get("cache-control"), "no-store");
    assert.equal(await sessionOf(browser, "cpms"), undefined);
    assert.ok(await sessionOf(browser, "access"), "access keeps its own session until identity tells it");
    assert.ok(await sessionOf(other, "cpms"), "another browser of the same user is not signed out");
  });

  test("a token naming only the user (sub) ends every cpms session of that user", async () => {
    const one = await signedInEverywhere();
    const two = await signedInEverywhere();
    const answer = await post(one, await logoutToken({ sub: userId }));
    assert.equal(answer.status, 200);
    assert.equal(await sessionOf(one, "cpms"), undefined);
    assert.equal(await sessionOf(two, "cpms"), undefined);
  });

  test("a token identity did not sign, or not for cpms, or not a logout token, is refused and ends nothing", async () => {
    const browser = await signedInEverywhere();
    const session = await sessionOf(browser, "cpms");
    assert.ok(session?.sid);
    const who = { sub: userId, sid: session.sid };
    const refused: [string, string, RegExp][] = [
      ["signed with another key", await logoutToken(who, { forged: true }), /signature verification failed/],
      ["signed with a shared secret", await logoutToken(who, { alg: "HS256" }), /not valid/],
      ["for another application", await logoutToken({ ...who, aud: "access" }), /"aud"/],
      ["from another issuer", await logoutToken({ ...who, iss: "https://evil.example" }), /"iss"/],
      ["without the logout event", await logoutToken({ ...who, events: { "https://example.org/other": {} } }), /no back-channel logout event/],
      ["with a nonce (an ID token)", await logoutToken({ ...who, nonce: "n" }), /must not carry a nonce/],
      ["naming no one", await logoutToken({ sub: undefined, sid: undefined }), /names neither a session \(sid\) nor a user \(sub\)/],
      ["issued an hour ago", await logoutToken({ ...who, iat: Math.floor(Date.now() / 1000) - 3600 }), /"iat"/],
      ["without a jti", await logoutToken({ ...who, jti: undefined }), /"jti"/],
      [
        "unsigned",
        `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ ...who, iss: urls.identity, aud: "cpms" })).toString("base64url")}.`,
        /not valid/,
      ],
      ["not a token", "garbage", /not valid/],
    ];
    for (const [what, token, reason] of refused) {
      const answer = await post(browser, token);
      assert.equal(answer.status, 400, what);
      assert.equal(answer.headers.get("cache-control"), "no-store", what);
      assert.match(JSON.parse(answer.body).detail, reason, what);
    }
    const missing = await postForm(browser, `${urls.cpms}/auth/backchannel-logout`, {});
    assert.equal(missing.status, 400);
    assert.ok(await sessionOf(browser, "cpms"), "still signed in");
  });
});
