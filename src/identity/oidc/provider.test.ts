/*
 * The OpenID Connect provider against a listening system, driven by a
 * certified relying-party library (openid-client) and a cookie-keeping
 * browser: code flow with PKCE, the ID token's signature and claims,
 * userinfo, refresh with rotation and reuse detection, client credentials,
 * RP-initiated logout; and the bad paths.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as client from "openid-client";
import { eq } from "drizzle-orm";
import { sha256, randomToken } from "../../platform/crypto.ts";
import { FetchBrowser } from "../../platform/testing/fetch-browser.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { addUser } from "../accounts/add-user.ts";
import { STRONG_PASSWORD } from "../accounts/testing.ts";
import { sessions } from "../accounts/tables.ts";
import type { Assurance } from "../factors/factor.ts";
import { oidcClients, oidcPayloads } from "./tables.ts";

const REDIRECT_URI = "https://rp.example.org/callback";
const AFTER_LOGOUT = "https://rp.example.org/";
const SCOPE = "openid email profile offline_access";

let system: System;
let issuer: string;
let userId: string;
const person = { email: "ines.duarte@chuc.example", firstName: "Inês", lastName: "Duarte" };

async function registerClient(
  acr: Assurance = "low",
  grantTypes = ["authorization_code", "refresh_token", "client_credentials"],
  backchannelLogoutUri?: string,
) {
  const clientId = `rp-${randomToken(6)}`;
  const clientSecret = randomToken();
  await system.database.db.insert(oidcClients).values({
    clientId,
    name: "Test application",
    secretHash: sha256(clientSecret),
    redirectUris: [REDIRECT_URI],
    postLogoutRedirectUris: [AFTER_LOGOUT],
    acr,
    grantTypes,
    backchannelLogoutUri,
  });
  const config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
    execute: [client.allowInsecureRequests],
  });
  return { clientId, clientSecret, config };
}

async function signedInBrowser(): Promise<FetchBrowser> {
  const browser = new FetchBrowser();
  await browser.api(issuer, "/api/sign-in/email", { email: person.email });
  const answer = await browser.api(issuer, "/api/sign-in", { email: person.email, password: STRONG_PASSWORD, method: "password" });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.done, true);
  return browser;
}

/** Starts an authorization request and follows it until the provider hands back to the relying party (or stops on a page). */
async function authorize(browser: FetchBrowser, config: client.Configuration, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  // Stops where the relying party takes over, or where identity shows the user a page.
  const hops = await browser.follow(url, (next) => next.startsWith(REDIRECT_URI) || /\/(login|step-up)\?/.test(next));
  const last = hops.at(-1);
  return { verifier, state, nonce, hops, callback: last?.location?.startsWith(REDIRECT_URI) ? new URL(last.location) : null, last };
}

/** The relying party's back-channel logout endpoint: a real HTTP server that keeps the logout tokens it receives. */
const logoutTokens: string[] = [];
let backchannel: http.Server;
let backchannelUri: string;

before(async () => {
  backchannel = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      logoutTokens.push(new URLSearchParams(body).get("logout_token") ?? "");
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => backchannel.listen(0, "127.0.0.1", resolve));
  backchannelUri = `http://127.0.0.1:${(backchannel.address() as AddressInfo).port}/backchannel-logout`;
  system = await startTestSystem({}, { listen: true });
  issuer = system.config.urls.identity;
  ({ id: userId } = await addUser(system.database.db, system.config, { ...person, password: STRONG_PASSWORD }));
});
after(async () => {
  backchannel.close();
  await system.close();
});

describe("authorization code flow with PKCE", () => {
  test("signs in, verifies the ID token, reads userinfo, refreshes with rotation, and signs out", async () => {
    const { config, clientId } = await registerClient("low", undefined, backchannelUri);
    const browser = await signedInBrowser();
    const flow = await authorize(browser, config);
    assert.ok(flow.callback, `no code came back: ${JSON.stringify(flow.hops.map((h) => [h.status, h.location]))}`);
    assert.ok(
      flow.hops.some((hop) => hop.location?.includes("/oidc/interaction/")),
      "the provider went through identity's interaction",
    );

    const tokens = await client.authorizationCodeGrant(config, flow.callback, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    assert.ok(tokens.id_token && tokens.access_token && tokens.refresh_token);
    assert.ok((tokens.expires_in ?? 0) <= 600, "access tokens are short-lived");

    // The signature, against the published keys.
    const jwks = createRemoteJWKSet(new URL(`${issuer}/oidc/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, { issuer, audience: clientId });
    assert.equal(protectedHeader.alg, "RS256");
    assert.equal(payload.sub, userId);
    assert.equal(payload.nonce, flow.nonce);
    assert.equal(payload.email, person.email);
    assert.equal(payload.email_verified, true);
    assert.equal(payload.given_name, person.firstName);
    assert.equal(payload.family_name, person.lastName);
    assert.equal(payload.name, `${person.firstName} ${person.lastName}`);
    assert.equal(payload.locale, "en");
    assert.equal(payload.acr, "low");
    assert.deepEqual(payload.amr, ["pwd"]);
    assert.equal(typeof payload.auth_time, "number");
    assert.equal(typeof payload.sid, "string");

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, userId);
    assert.equal(userinfo.email, person.email);
    assert.equal(userinfo.family_name, person.lastName);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    assert.ok(refreshed.access_token && refreshed.refresh_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token, "refresh tokens rotate");
    const refreshedClaims = refreshed.claims();
    assert.equal(refreshedClaims?.sub, userId);
    assert.equal(refreshedClaims?.acr, "low");

    // RP-initiated logout: the provider's page, then back to the application; the identity session is over.
    const logoutUrl = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token, post_logout_redirect_uri: AFTER_LOGOUT, state: "bye" });
    const page = await browser.fetch(logoutUrl);
    assert.equal(page.status, 200);
    assert.match(page.body, /Do you want to sign out of OpenCPMS Login/);
    assert.match(page.body, /data-auto="yes"/, "a valid id_token_hint lets the page submit itself");
    assert.match(page.headers.get("content-security-policy") ?? "", /form-action 'self' https:\/\/rp\.example\.org/);
    const action = page.body.match(/action="([^"]+)"/)?.[1] as string;
    const xsrf = page.body.match(/name="xsrf" value="([^"]+)"/)?.[1] as string;
    const confirmed = await browser.fetch(new URL(action, issuer), {
      method: "POST",
      body: new URLSearchParams({ xsrf, logout: "yes" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.location, `${AFTER_LOGOUT}?state=bye`);
    const session = await browser.api(issuer, "/api/session");
    assert.equal(session.body.user, null, "signing out at the provider ends the identity session");
    const left = await system.database.db.select().from(sessions).where(eq(sessions.userId, userId));
    assert.equal(left.length, 0);

    // The application heard of it on the back channel, with a logout token signed by the provider for this session.
    assert.equal(logoutTokens.length, 1);
    const logout = await jwtVerify(logoutTokens[0], jwks, { issuer, audience: clientId });
    assert.equal(logout.payload.sid, payload.sid);
    assert.equal(logout.payload.sub, userId);
    assert.ok(logout.payload.events && "http://schemas.openid.net/event/backchannel-logout" in (logout.payload.events as object));
  });

  test("a refresh token used twice is refused and revokes the whole grant", async () => {
    const { config } = await registerClient();
    const flow = await authorize(await signedInBrowser(), config);
    assert.ok(flow.callback);
    const tokens = await client.authorizationCodeGrant(config, flow.callback, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const first = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    await assert.rejects(
      client.refreshTokenGrant(config, tokens.refresh_token as string),
      (error: client.ResponseBodyError) => error.error === "invalid_grant",
    );
    // The thief's replay revoked the rotated token too.
    await assert.rejects(client.refreshTokenGrant(config, first.refresh_token as string), (error: client.ResponseBodyError) => error.error === "invalid_grant");
  });

  test("a second sign-in in the same browser passes straight through (single sign-on)", async () => {
    const one = await registerClient();
    const two = await registerClient();
    const browser = await signedInBrowser();
    assert.ok((await authorize(browser, one.config)).callback);
    const second = await authorize(browser, two.config);
    assert.ok(second.callback, "no page was shown");
    assert.ok(!second.hops.some((hop) => hop.location?.includes("/login")));
  });

  test("the provider's stores hold hashes of codes and tokens, never the values", async () => {
    const { config } = await registerClient();
    const flow = await authorize(await signedInBrowser(), config);
    assert.ok(flow.callback);
    const code = flow.callback.searchParams.get("code") as string;
    const tokens = await client.authorizationCodeGrant(config, flow.callback, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const rows = await system.database.db.select().from(oidcPayloads);
    const dump = JSON.stringify(rows);
    for (const secret of [code, tokens.access_token, tokens.refresh_token as string]) assert.ok(!dump.includes(secret), "a bearer value is stored in clear");
    assert.ok(rows.some((row) => row.idHash === sha256(tokens.access_token)));
  });
});

describe("client credentials", () => {
  test("a service gets an access token with its secret, not without", async () => {
    const { config, clientId } = await registerClient("low", ["client_credentials"]);
    const tokens = await client.clientCredentialsGrant(config);
    assert.equal(tokens.token_type.toLowerCase(), "bearer");
    assert.ok(tokens.access_token);
    const introspected = await client.tokenIntrospection(config, tokens.access_token);
    assert.equal(introspected.active, true);
    assert.equal(introspected.client_id, clientId);

    const wrong = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic("not-the-secret-not-the-secret-00"), {
      execute: [client.allowInsecureRequests],
    });
    await assert.rejects(
      client.clientCredentialsGrant(wrong),
      (error: client.WWWAuthenticateChallengeError) => error.status === 401 && /invalid_client/.test(String(error.response.headers.get("www-authenticate"))),
    );
  });
});

describe("levels of assurance", () => {
  test("a client that needs a second factor sends a password-only session to the step-up page, never gets a code", async () => {
    const { config } = await registerClient("substantial");
    const flow = await authorize(await signedInBrowser(), config);
    assert.equal(flow.callback, null);
    assert.match(flow.last?.location ?? "", /\/step-up\?acr=substantial&returnTo=%2Foidc%2Finteraction%2F/);
  });

  test("acr_values above the session's level: step-up, and with prompt=none an error to the client", async () => {
    const { config } = await registerClient();
    const browser = await signedInBrowser();
    const interactive = await authorize(browser, config, { acr_values: "high" });
    assert.equal(interactive.callback, null);
    assert.match(interactive.last?.location ?? "", /\/step-up\?acr=high&/);

    const silent = await authorize(browser, config, { acr_values: "high", prompt: "none" });
    assert.ok(silent.callback);
    assert.equal(silent.callback.searchParams.get("error"), "login_required");
    assert.equal(silent.callback.searchParams.get("code"), null);
  });

  test("once the session reaches the level, the ID token says so", async () => {
    const { config } = await registerClient();
    const browser = await signedInBrowser();
    await system.database.db
      .update(sessions)
      .set({ acr: "substantial", amr: ["pwd", "sms", "mfa"] })
      .where(eq(sessions.tokenHash, sha256(browser.cookies.get("identity_session") as string)));
    const flow = await authorize(browser, config, { acr_values: "substantial" });
    assert.ok(flow.callback);
    const tokens = await client.authorizationCodeGrant(config, flow.callback, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    assert.equal(tokens.claims()?.acr, "substantial");
    assert.deepEqual(tokens.claims()?.amr, ["pwd", "sms", "mfa"]);
  });

  test("“Cancel” on the step-up page sends access_denied back to the application", async () => {
    const { config } = await registerClient("substantial");
    const browser = await signedInBrowser();
    const flow = await authorize(browser, config);
    const interaction = decodeURIComponent(flow.last?.location?.match(/returnTo=([^&]+)/)?.[1] ?? "");
    assert.match(interaction, /^\/oidc\/interaction\/[\w-]+$/);
    const hops = await browser.follow(`${issuer}${interaction}/abort`, (next) => next.startsWith(REDIRECT_URI));
    const back = new URL(hops.at(-1)?.location as string);
    assert.equal(back.searchParams.get("error"), "access_denied");
    assert.equal(back.searchParams.get("state"), flow.state);
    assert.equal(back.searchParams.get("code"), null);
  });

  test("prompt=login asks for the password again, even with a session, then comes back", async () => {
    const { config } = await registerClient();
    const browser = await signedInBrowser();
    // The session must be older than the request, to the second.
    await system.database.db
      .update(sessions)
      .set({ authTime: new Date(Date.now() - 5_000) })
      .where(eq(sessions.tokenHash, sha256(browser.cookies.get("identity_session") as string)));
    const flow = await authorize(browser, config, { prompt: "login" });
    assert.equal(flow.callback, null);
    const interaction = decodeURIComponent(flow.last?.location?.match(/\/login\?returnTo=([^&]+)/)?.[1] ?? "");
    assert.match(interaction, /^\/oidc\/interaction\//);
    await browser.api(issuer, "/api/sign-in", { email: person.email, password: STRONG_PASSWORD, method: "password" });
    const hops = await browser.follow(`${issuer}${interaction}`, (next) => next.startsWith(REDIRECT_URI));
    const back = new URL(hops.at(-1)?.location as string);
    const tokens = await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
    assert.ok((tokens.claims()?.auth_time as number) * 1000 > Date.now() - 4_000, "auth_time is the new sign-in");
  });

  test("an unknown level is refused", async () => {
    const { config } = await registerClient();
    const flow = await authorize(await signedInBrowser(), config, { acr_values: "platinum" });
    assert.ok(flow.callback);
    assert.equal(flow.callback.searchParams.get("error"), "invalid_request");
    assert.match(flow.callback.searchParams.get("error_description") ?? "", /unknown level of assurance "platinum"/);
  });

  test("without a session, the sign-in page, told the level needed", async () => {
    const { config } = await registerClient("substantial");
    const flow = await authorize(new FetchBrowser(), config);
    assert.match(flow.last?.location ?? "", /\/login\?returnTo=%2Foidc%2Finteraction%2F[\w-]+&acr=substantial$/);
  });

  test("signing out on identity's pages tells the applications, and the provider's session does not pass through any more", async () => {
    const { config, clientId } = await registerClient("low", undefined, backchannelUri);
    const browser = await signedInBrowser();
    assert.ok((await authorize(browser, config)).callback);
    const heard = logoutTokens.length;
    await browser.api(issuer, "/api/sign-out", {});
    assert.equal(logoutTokens.length, heard + 1);
    const logout = await jwtVerify(logoutTokens[heard], createRemoteJWKSet(new URL(`${issuer}/oidc/jwks`)), { issuer, audience: clientId });
    assert.equal(logout.payload.sub, userId);
    assert.ok(!browser.cookies.has("identity_oidc_session"));
    const again = await authorize(browser, config);
    assert.equal(again.callback, null);
    assert.match(again.last?.location ?? "", /\/login\?returnTo=/);
  });
});

describe("bad requests", () => {
  test("an unknown client gets an error page, no redirect", async () => {
    const { config } = await registerClient();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: SCOPE,
      code_challenge: "x".repeat(43),
      code_challenge_method: "S256",
    });
    url.searchParams.set("client_id", "nobody");
    const page = await new FetchBrowser().fetch(url);
    assert.equal(page.status, 400);
    assert.equal(page.location, null);
    assert.match(page.body, /not registered with OpenCPMS Login/);
  });

  test("a redirect URI that is not exactly the registered one gets an error page, no redirect", async () => {
    const { config } = await registerClient();
    for (const wrong of [`${REDIRECT_URI}/`, `${REDIRECT_URI}?next=x`, "https://evil.example/callback", "https://rp.example.org/CALLBACK"]) {
      const url = client.buildAuthorizationUrl(config, { redirect_uri: wrong, scope: SCOPE, code_challenge: "x".repeat(43), code_challenge_method: "S256" });
      const page = await new FetchBrowser().fetch(url);
      assert.equal(page.status, 400, wrong);
      assert.equal(page.location, null, wrong);
      assert.match(page.body, /has not registered/);
    }
  });

  test("an authorization request without PKCE is refused", async () => {
    const { config } = await registerClient();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: SCOPE, state: "s" });
    const hop = await (await signedInBrowser()).fetch(url);
    const back = new URL(hop.location as string);
    assert.equal(back.origin + back.pathname, REDIRECT_URI);
    assert.equal(back.searchParams.get("error"), "invalid_request");
    assert.match(back.searchParams.get("error_description") ?? "", /PKCE/i);
  });

  test("a replayed code is refused, and so are the tokens it gave", async () => {
    const { config } = await registerClient();
    const flow = await authorize(await signedInBrowser(), config);
    assert.ok(flow.callback);
    const checks = { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce };
    const tokens = await client.authorizationCodeGrant(config, flow.callback, checks);
    await assert.rejects(client.authorizationCodeGrant(config, flow.callback, checks), (error: client.ResponseBodyError) => error.error === "invalid_grant");
    await assert.rejects(
      client.refreshTokenGrant(config, tokens.refresh_token as string),
      (error: client.ResponseBodyError) => error.error === "invalid_grant",
    );
  });

  test("a code with the wrong PKCE verifier is refused", async () => {
    const { config } = await registerClient();
    const flow = await authorize(await signedInBrowser(), config);
    assert.ok(flow.callback);
    await assert.rejects(
      client.authorizationCodeGrant(config, flow.callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      }),
      (error: client.ResponseBodyError) => error.error === "invalid_grant",
    );
  });

  test("a post-logout redirect that is not registered is refused", async () => {
    const { config } = await registerClient();
    const url = client.buildEndSessionUrl(config, { post_logout_redirect_uri: "https://evil.example/" });
    const page = await (await signedInBrowser()).fetch(url);
    assert.equal(page.status, 400);
    assert.equal(page.location, null);
  });

  test("an interaction that does not exist gets a clear page", async () => {
    const page = await new FetchBrowser().fetch(`${issuer}/oidc/interaction/doesnotexist`);
    assert.equal(page.status, 400);
    assert.match(page.body, /has expired or was opened in another browser/);
  });
});

describe("the platform's applications", () => {
  test("cpms and access are registered at start with their URLs and levels, and listed for identity's home page", async () => {
    const rows = await system.database.db.select().from(oidcClients).where(eq(oidcClients.builtIn, true));
    const cpms = rows.find((row) => row.clientId === "cpms");
    assert.equal(cpms?.acr, "substantial");
    assert.deepEqual(cpms?.redirectUris, [`${system.config.urls.cpms}/auth/callback`]);
    assert.equal(rows.find((row) => row.clientId === "access")?.acr, "low");
    const answer = await new FetchBrowser().api(issuer, "/api/applications");
    assert.deepEqual(answer.body.applications, [
      { name: "Authorization system", url: `${system.config.urls.access}/` },
      { name: "Clinical Patient Management System", url: `${system.config.urls.cpms}/` },
    ]);
  });
});
