/*
 * Test helpers of signing in to cpms and access through identity, over real
 * HTTP with a cookie-keeping browser: a user signed in at identity (raised
 * to "substantial" as a step-up would; the step-up itself is proven by the
 * factors' tests and the journey), and the sign-in round trip of a service.
 */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { addUser } from "../../identity/accounts/add-user.ts";
import { STRONG_PASSWORD } from "../../identity/accounts/testing.ts";
import { sessions } from "../../identity/accounts/tables.ts";
import type { System } from "../../system.ts";
import { sha256 } from "../crypto.ts";
import { FetchBrowser, type Hop } from "../testing/fetch-browser.ts";
import type { Assurance } from "./oidc-sign-in.ts";

export const PERSON = { email: "ines.duarte@chuc.example", firstName: "Inês", lastName: "Duarte" };

export function addPerson(system: System): Promise<{ id: string }> {
  return addUser(system.database.db, system.config, { ...PERSON, password: STRONG_PASSWORD });
}

/** A browser signed in at identity with the password, its session then raised to `acr`. */
export async function signedInAtIdentity(system: System, acr: Assurance = "low"): Promise<FetchBrowser> {
  const identity = system.config.urls.identity;
  const browser = new FetchBrowser();
  await browser.api(identity, "/api/sign-in/email", { email: PERSON.email });
  const answer = await browser.api(identity, "/api/sign-in", { email: PERSON.email, password: STRONG_PASSWORD, method: "password" });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  if (acr !== "low") {
    const amr = acr === "high" ? ["pwd", "hwk", "mfa"] : ["pwd", "sms", "mfa"];
    await system.database.db
      .update(sessions)
      .set({ acr, amr })
      .where(eq(sessions.tokenHash, sha256(browser.cookies.get("identity_session") as string)));
  }
  return browser;
}

/** "Login" on a service, followed until identity hands back to the service's callback (not taken yet), or sends to its sign-in or step-up page. */
export async function loginUntilCallback(browser: FetchBrowser, origin: string, returnTo = "/"): Promise<{ hops: Hop[]; callback: string | null }> {
  const stop = (next: string) => next.startsWith(`${origin}/auth/callback`) || /^\/(login|step-up)$/.test(new URL(next).pathname);
  const hops = await browser.follow(`${origin}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, stop);
  const last = hops.at(-1)?.location ?? null;
  return { hops, callback: last?.startsWith(`${origin}/auth/callback`) ? last : null };
}

/** The whole round trip: "Login", identity, the callback, and the page returned to. */
export async function signInTo(browser: FetchBrowser, origin: string, returnTo = "/"): Promise<Hop[]> {
  const { hops, callback } = await loginUntilCallback(browser, origin, returnTo);
  assert.ok(callback, `identity did not hand back to ${origin}: ${JSON.stringify(hops.map((hop) => [hop.status, hop.location]))}`);
  const answer = await browser.fetch(callback);
  assert.equal(answer.status, 303, answer.body);
  assert.equal(answer.location, `${origin}${returnTo}`);
  return [...hops, answer];
}

/** The CSRF token the service's pages send with the sign-out form, as they get it (GET /api/csrf). */
export async function signOutToken(browser: FetchBrowser, origin: string): Promise<string> {
  const token = (await browser.api(origin, "/api/csrf")).body.token;
  assert.ok(typeof token === "string" && token.length > 0, "the service hands its pages a CSRF token");
  return token;
}
