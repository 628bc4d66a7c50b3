/*
 * "A new login": whether the session in front of /cas/login comes from a
 * password typed after /cas/login asked for one. `renew=true` needs it, and
 * the ticket says so (`isFromNewLogin`).
 *
 * The sign-in page signs in whether or not a session exists, so /cas/login
 * sends the browser there with a marker in the way back: the moment it
 * asked (the database's clock, which also stamps sessions and the audit
 * log), signed with a key derived from SECRETS_KEY and bound to the service
 * URL. Back at /cas/login, the sign-in is new when
 * - the marker is genuine, for this service, and at most VALID_MINUTES old
 *   (a link from the history, or a marker made up, proves nothing);
 * - the browser's session began (or was raised) at or after that moment;
 * - the account's password was verified at or after that moment (the audit
 *   log's `sign_in.succeeded` or `session.reauthenticated`): a step-up with
 *   a second factor alone raises a session but types no password.
 */
import { createHmac } from "node:crypto";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import { constantTimeEqual } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import type { CurrentSession } from "../accounts/sessions.ts";
import { derivedKey } from "../factors/totp/secret-box.ts";
import { auditEvents } from "../pg-schema.ts";

/** The query parameter of /cas/login that carries the marker. */
export const SIGN_IN_ASKED = "signInAsked";

const VALID_MINUTES = 15;
const PASSWORD_EVENTS = ["sign_in.succeeded", "session.reauthenticated"];

async function signature(db: Db, config: Config, askedAt: number, service: string): Promise<string> {
  return createHmac("sha256", await derivedKey(db, config, "cas sign-in request"))
    .update(`${askedAt}\n${service}`)
    .digest("base64url");
}

/** A marker for the way back from the sign-in page: now, signed, for this service. */
export async function askSignIn(db: Db, config: Config, service: string): Promise<string> {
  const { rows } = (await db.execute(sql`select floor(extract(epoch from now()) * 1000)::float8 as ms`)) as unknown as { rows: { ms: number }[] };
  const askedAt = Number(rows[0].ms);
  return `${askedAt}.${await signature(db, config, askedAt, service)}`;
}

export async function isNewLogin(db: Db, config: Config, marker: string | undefined, service: string, session: CurrentSession): Promise<boolean> {
  const [when, mac] = marker?.split(".") ?? [];
  if (!/^\d{13,15}$/.test(when ?? "") || !mac) return false;
  const askedAt = Number(when);
  if (Date.now() - askedAt > VALID_MINUTES * 60_000) return false;
  if (!constantTimeEqual(mac, await signature(db, config, askedAt, service))) return false;
  if (session.authTime.getTime() < askedAt) return false;
  const [typed] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, session.user.id), inArray(auditEvents.type, PASSWORD_EVENTS), gte(auditEvents.at, new Date(askedAt))))
    .limit(1);
  return Boolean(typed);
}
