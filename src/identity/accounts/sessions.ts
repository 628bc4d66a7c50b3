/*
 * Sign-in sessions, kept in the database so any instance can serve them.
 * - the browser holds a random token in an HttpOnly cookie; the table holds
 *   its SHA-256 only;
 * - a session ends after SESSION_IDLE_MINUTES without use, or
 *   SESSION_MAX_HOURS after sign-in, whichever comes first;
 * - it records how the user signed in: `amr` (RFC 8176) and an assurance
 *   level (`acr`: low, substantial, high).
 */
import { and, eq, gt, lt, or } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { RequestOrigin } from "../../platform/audit.ts";
import { randomToken, sha256 } from "../../platform/crypto.ts";
import type { Assurance } from "../factors/factor.ts";
import { sessions, users } from "./tables.ts";

export type SessionUser = typeof users.$inferSelect;
export type CurrentSession = { user: SessionUser; amr: string[]; acr: Assurance; authTime: Date; tokenHash: string };

export async function createSession(tx: Db, config: Config, userId: string, how: { amr: string[]; acr: Assurance }, origin: RequestOrigin): Promise<string> {
  const token = randomToken();
  await tx.insert(sessions).values({
    tokenHash: sha256(token),
    userId,
    amr: how.amr,
    acr: how.acr,
    expiresAt: new Date(Date.now() + config.sessionMaxHours * 3_600_000),
    ip: origin.ip ?? null,
    userAgent: origin.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

const TOUCH_AFTER_MS = 60_000;

export async function findSession(db: Db, config: Config, token: string): Promise<CurrentSession | null> {
  const tokenHash = sha256(token);
  const idleSince = new Date(Date.now() - config.sessionIdleMinutes * 60_000);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date()), gt(sessions.lastSeenAt, idleSince)));
  if (!row) return null;
  // Writing on every request would make reads cost a write; a minute's precision is enough.
  if (Date.now() - row.session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
  }
  return { user: row.user, amr: row.session.amr, acr: row.session.acr, authTime: row.session.authTime, tokenHash };
}

export async function endSession(db: Db, token: string): Promise<string | null> {
  const [row] = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, sha256(token)))
    .returning({ userId: sessions.userId });
  return row?.userId ?? null;
}

export async function endAllSessions(tx: Db, userId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

export async function purgeExpiredSessions(db: Db, config: Config): Promise<void> {
  const idleSince = new Date(Date.now() - config.sessionIdleMinutes * 60_000);
  await db.delete(sessions).where(or(lt(sessions.expiresAt, new Date()), lt(sessions.lastSeenAt, idleSince)));
}
