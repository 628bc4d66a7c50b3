/*
 * Wrong second-factor answers, counted per account across sign-ins (a new
 * sign-in gives a new pending step, not new tries): MAX_FACTOR_FAILURES
 * within an hour lock second-factor sign-in of the account until the hour
 * is over; the owner is mailed when it happens, since someone who gets that
 * far knows the password.
 */
import { and, eq, gt } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { TooManyRequests } from "../../platform/http/errors.ts";
import { hit } from "../../platform/http/rate-limit-store.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import type { User } from "../factors/factor.ts";
import { auditEvents, outbox, rateLimits } from "../pg-schema.ts";
import { identityPages } from "./pages.ts";

export const MAX_FACTOR_FAILURES = 10;
const WINDOW_MS = 3_600_000;
const keyOf = (userId: string) => `second-factor-failures:${userId}`;

export async function refuseWhileFactorLocked(db: Db, userId: string): Promise<void> {
  const [row] = await db
    .select()
    .from(rateLimits)
    .where(and(eq(rateLimits.key, keyOf(userId)), gt(rateLimits.resetAt, new Date())));
  if (!row || row.count < MAX_FACTOR_FAILURES) return;
  const minutes = Math.ceil((row.resetAt.getTime() - Date.now()) / 60_000);
  throw new TooManyRequests(
    `Too many wrong verification codes for this account. Second-factor sign-in is locked for ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    (row.resetAt.getTime() - Date.now()) / 1000,
  );
}

export async function countFactorFailure(db: Db, config: Config, user: User, origin: RequestOrigin = {}): Promise<void> {
  const { count } = await hit(db, rateLimits, keyOf(user.id), WINDOW_MS);
  if (count !== MAX_FACTOR_FAILURES) return;
  await db.transaction(async (tx) => {
    await audit(tx, auditEvents, origin, { type: "account.second_factor_locked", subjectId: user.id, details: { failures: count } });
    await enqueue(tx, outbox, {
      channel: "mail",
      to: user.email,
      subject: "OpenCPMS Login: too many wrong verification codes",
      text: `Dear ${user.firstName},

Someone typed ${count} wrong verification codes while signing in to your OpenCPMS Login account ${user.email}, after entering its password. Second-factor sign-in is locked for an hour.

If this was not you, your password is known to someone else: reset it now at ${identityPages(config).lostPassword}

Sent to you by OpenCPMS Login`,
    });
  });
}
