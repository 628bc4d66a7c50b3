/*
 * A relying party's own sessions, opened when identity hands a user back:
 * - the browser holds a random token in an HttpOnly cookie; the table holds
 *   its SHA-256 only;
 * - a session ends after SESSION_IDLE_MINUTES without use, and never outlives
 *   SESSION_MAX_HOURS after the sign-in at identity it came from;
 * - identity ends them too: a back-channel logout names identity's session
 *   (`sid`) or the user (`sub`).
 */
import { and, eq, gt, lt, or } from "drizzle-orm";
import type { Config } from "../config.ts";
import { randomToken, sha256 } from "../crypto.ts";
import type { Db } from "../db/database.ts";
import type { RelyingPartyTables } from "../db/relying-party-tables.ts";

export type Assurance = "low" | "substantial" | "high";
export const ASSURANCE_ORDER: readonly Assurance[] = ["low", "substantial", "high"];

export function isAssurance(value: unknown): value is Assurance {
  return ASSURANCE_ORDER.includes(value as Assurance);
}

export function meetsAssurance(has: Assurance, needs: Assurance): boolean {
  return ASSURANCE_ORDER.indexOf(has) >= ASSURANCE_ORDER.indexOf(needs);
}

export type SignedInUser = {
  sub: string;
  sid: string | null;
  email: string | null;
  name: string;
  acr: Assurance;
  amr: string[];
  authTime: Date | null;
};

export type RpSession = SignedInUser & { idToken: string };

type Sessions = RelyingPartyTables["rpSessions"];

export async function openRpSession(tx: Db, table: Sessions, config: Config, session: RpSession): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  const signedInAt = Math.min(session.authTime?.getTime() ?? now, now);
  await tx.insert(table).values({ tokenHash: sha256(token), ...session, expiresAt: new Date(signedInAt + config.sessionMaxHours * 3_600_000) });
  return token;
}

const TOUCH_AFTER_MS = 60_000;

export async function findRpSession(db: Db, table: Sessions, config: Config, token: string): Promise<RpSession | null> {
  const tokenHash = sha256(token);
  const idleSince = new Date(Date.now() - config.sessionIdleMinutes * 60_000);
  const [row] = await db
    .select()
    .from(table)
    .where(and(eq(table.tokenHash, tokenHash), gt(table.expiresAt, new Date()), gt(table.lastSeenAt, idleSince)));
  if (!row) return null;
  // A minute's precision is enough: reads do not each cost a write.
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(table).set({ lastSeenAt: new Date() }).where(eq(table.tokenHash, tokenHash));
  }
  return { sub: row.sub, sid: row.sid, email: row.email, name: row.name, acr: row.acr, amr: row.amr, authTime: row.authTime, idToken: row.idToken };
}

/** Ends the session of this token; returns it (for the ID token and the audit) if there was one. */
export async function endRpSession(db: Db, table: Sessions, token: string): Promise<RpSession | null> {
  const [row] = await db
    .delete(table)
    .where(eq(table.tokenHash, sha256(token)))
    .returning();
  return row ?? null;
}

/** Ends the sessions identity names in a logout token: those of its session `sid`, or every one of the user `sub`. */
export async function endRpSessionsOf(db: Db, table: Sessions, who: { sid?: string; sub?: string }): Promise<{ sub: string }[]> {
  const conditions = [];
  if (who.sid) conditions.push(eq(table.sid, who.sid));
  if (who.sub) conditions.push(eq(table.sub, who.sub));
  if (conditions.length === 0) return [];
  return db
    .delete(table)
    .where(and(...conditions))
    .returning({ sub: table.sub });
}

export async function purgeExpiredRpSessions(db: Db, table: Sessions, config: Config): Promise<void> {
  const idleSince = new Date(Date.now() - config.sessionIdleMinutes * 60_000);
  await db.delete(table).where(or(lt(table.expiresAt, new Date()), lt(table.lastSeenAt, idleSince)));
}
