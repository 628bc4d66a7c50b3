/*
 * Removes what has served its time: ended sessions, expired second steps,
 * expired CAPTCHAs, links used or expired a day ago, wrong-password counters
 * idle for a day, browsers not seen for a year, and rate-limit windows that
 * have closed. Runs periodically on every instance;
 * each statement is idempotent, so instances need no coordination.
 */
import { and, isNull, lt, or } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { rateLimits } from "../pg-schema.ts";
import { purgeExpiredSessions } from "./sessions.ts";
import { captchas, knownDevices, loginThrottles, passwordLinks, pendingAuthentications } from "./tables.ts";

const DAY_MS = 24 * 3_600_000;

export async function removeExpired(db: Db, config: Config): Promise<void> {
  const now = new Date();
  const dayAgo = new Date(now.getTime() - DAY_MS);
  await purgeExpiredSessions(db, config);
  await db.delete(pendingAuthentications).where(lt(pendingAuthentications.expiresAt, now));
  await db.delete(knownDevices).where(lt(knownDevices.lastSeenAt, new Date(now.getTime() - 365 * DAY_MS)));
  await db.delete(captchas).where(lt(captchas.expiresAt, now));
  await db.delete(passwordLinks).where(lt(passwordLinks.expiresAt, dayAgo));
  await db
    .delete(loginThrottles)
    .where(and(lt(loginThrottles.lastFailureAt, dayAgo), or(isNull(loginThrottles.blockedUntil), lt(loginThrottles.blockedUntil, now))));
  await db.delete(rateLimits).where(lt(rateLimits.resetAt, now));
}
