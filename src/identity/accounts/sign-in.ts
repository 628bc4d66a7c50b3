/*
 * Checking the password at sign-in.
 * - one message for every failure ("e-mail or password not correct"), and
 *   the same work (an argon2 verify) whether or not the account exists;
 * - wrong passwords are counted per e-mail address typed, existing or not:
 *   after LOGIN_FREE_FAILURES each further one imposes a growing delay
 *   (LOGIN_DELAY_SECONDS, doubling), and LOGIN_MAX_FAILURES in a row lock
 *   sign-in for LOGIN_LOCK_MINUTES (the owner is mailed);
 * - while delayed or locked, even the right password is refused, unchecked;
 * - every attempt is counted before the password is checked (and the count
 *   cleared when it was right), so parallel guesses cannot outrun the lock;
 * - the right password clears the counter.
 * What follows the password — a session, or a second factor — is decided by
 * the caller (routes.ts, second-factor.ts).
 */
import { eq } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import { decoyPasswordHash, sha256, verifyPassword } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { TooManyRequests, Unauthorized } from "../../platform/http/errors.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import type { User } from "../factors/factor.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { normaliseEmail } from "./email.ts";
import { accountLockedMail } from "./mails.ts";
import { identityPages } from "./pages.ts";
import { loginThrottles, users } from "./tables.ts";

export const WRONG_CREDENTIALS = "The e-mail address or the password is not correct.";

function refuseWhileBlocked(blockedUntil: Date | null | undefined, isLocked: boolean): void {
  if (!blockedUntil) return;
  const waitSeconds = (blockedUntil.getTime() - Date.now()) / 1000;
  if (waitSeconds <= 0) return;
  if (isLocked) {
    const minutes = Math.ceil(waitSeconds / 60);
    throw new TooManyRequests(
      `Sign-in is locked for ${minutes} minute${minutes === 1 ? "" : "s"} after too many wrong passwords. Try again later, or choose a new password with “Lost your password?”.`,
      waitSeconds,
    );
  }
  throw new TooManyRequests(`Too many wrong passwords. Please wait ${Math.ceil(waitSeconds)} seconds before trying again.`, waitSeconds);
}

/** The account, if this is its password; otherwise counts the failure and throws. */
export async function authenticatePassword(db: Db, config: Config, origin: RequestOrigin, input: { email: string; password: string }): Promise<User> {
  const email = normaliseEmail(input.email);
  const emailHash = sha256(email);
  // The attempt is counted before the password is checked, under a row lock, so a
  // burst of parallel guesses cannot all pass the check before the first is counted.
  const attempt = await db.transaction(async (tx) => {
    await tx.insert(loginThrottles).values({ emailHash }).onConflictDoNothing();
    const [row] = await tx.select().from(loginThrottles).where(eq(loginThrottles.emailHash, emailHash)).for("update");
    refuseWhileBlocked(row.blockedUntil, row.isLocked);
    // A lock that has run out starts a fresh count.
    const failures = (row.isLocked ? 0 : row.failures) + 1;
    const isLocked = failures >= config.login.maxFailures;
    const delaySeconds = isLocked
      ? config.login.lockMinutes * 60
      : failures > config.login.freeFailures
        ? config.login.delayBaseSeconds * 2 ** (failures - config.login.freeFailures - 1)
        : 0;
    const blockedUntil = delaySeconds ? new Date(Date.now() + delaySeconds * 1000) : null;
    await tx.update(loginThrottles).set({ failures, lastFailureAt: new Date(), isLocked, blockedUntil }).where(eq(loginThrottles.emailHash, emailHash));
    return { failures, isLocked, delaySeconds, blockedUntil };
  });

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const isRight = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (user?.passwordHash && isRight) {
    await db.delete(loginThrottles).where(eq(loginThrottles.emailHash, emailHash));
    return user;
  }

  if (user) {
    await db.transaction(async (tx) => {
      await audit(tx, auditEvents, origin, { type: "sign_in.failed", subjectId: user.id, details: { failures: attempt.failures } });
      if (attempt.isLocked) {
        await audit(tx, auditEvents, origin, { type: "account.locked", subjectId: user.id, details: { minutes: config.login.lockMinutes } });
        await enqueue(tx, outbox, { channel: "mail", to: email, ...accountLockedMail(user, config.login.lockMinutes, identityPages(config).lostPassword) });
      }
    });
  }
  if (attempt.isLocked) refuseWhileBlocked(attempt.blockedUntil, true);
  if (attempt.delaySeconds) {
    throw new Unauthorized(`${WRONG_CREDENTIALS} Please wait ${attempt.delaySeconds} seconds before trying again.`);
  }
  throw new Unauthorized(WRONG_CREDENTIALS);
}
