/*
 * Sign-ins under way, between the redirect to identity and its answer:
 * - state, nonce and PKCE verifier stay on the server, with the local path to
 *   return to; the browser holds only a random value in an HttpOnly cookie;
 * - a row is found by the SHA-256 of that cookie value and the state, so the
 *   answer completes only in the browser that started it (several tabs may
 *   sign in at once);
 * - single-use: the row is deleted before the code is exchanged, so a
 *   replayed answer finds nothing; it expires after LOGIN_MINUTES.
 */
import { and, eq, gt, lt } from "drizzle-orm";
import * as oidc from "openid-client";
import { randomToken, sha256 } from "../crypto.ts";
import type { Db } from "../db/database.ts";
import type { RelyingPartyTables } from "../db/relying-party-tables.ts";

export const LOGIN_MINUTES = 15;

type Logins = RelyingPartyTables["rpLogins"];

export type PendingLogin = { state: string; nonce: string; codeVerifier: string; returnTo: string };

const keyOf = (browserKey: string, state: string) => sha256(`${browserKey}.${state}`);

/**
 * A path of this service to go back to, read as a browser reads it ("//host",
 * "/\host" or a tab inside "/\t/host" lead to other sites); anything else is "/".
 */
export function localPath(value: string | undefined): string {
  if (!value?.startsWith("/")) return "/";
  const here = "http://here.invalid";
  const url = URL.parse(value, here);
  return url?.origin === here ? `${url.pathname}${url.search}${url.hash}` : "/";
}

/** Keeps a new sign-in for this browser; returns what the authorization request carries. */
export async function beginLogin(db: Db, table: Logins, browserKey: string, returnTo: string): Promise<PendingLogin> {
  const login = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), returnTo: localPath(returnTo) };
  await db.insert(table).values({ keyHash: keyOf(browserKey, login.state), ...login, expiresAt: new Date(Date.now() + LOGIN_MINUTES * 60_000) });
  return login;
}

/** Takes (and removes) this browser's sign-in with this state, if it is still under way. */
export async function takeLogin(db: Db, table: Logins, browserKey: string | undefined, state: string | undefined): Promise<PendingLogin | null> {
  if (!browserKey || !state) return null;
  const [row] = await db
    .delete(table)
    .where(and(eq(table.keyHash, keyOf(browserKey, state)), gt(table.expiresAt, new Date())))
    .returning();
  return row ? { state: row.state, nonce: row.nonce, codeVerifier: row.codeVerifier, returnTo: row.returnTo } : null;
}

/** A fresh browser key, or the one the browser already holds. */
export function browserKeyOf(cookie: string | undefined): string {
  return cookie && /^[\w-]{43}$/.test(cookie) ? cookie : randomToken();
}

export async function purgeExpiredLogins(db: Db, table: Logins): Promise<void> {
  await db.delete(table).where(lt(table.expiresAt, new Date()));
}
