/*
 * Creating (first time) or resetting a password with a mailed link.
 * - the link must be usable (see password-links.ts) and is used up here;
 * - the password must satisfy the policy (password-policy.ts) and be typed
 *   twice the same;
 * - a first password confirms the e-mail address;
 * - a reset ends every open session of the account, lifts a sign-in lock and
 *   mails the owner.
 */
import { eq } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import { hashPassword, sha256 } from "../../platform/crypto.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { passwordChangedMail } from "./mails.ts";
import { identityPages } from "./pages.ts";
import { findUsableLink, markLinkUsed } from "./password-links.ts";
import { acceptNewPassword } from "./new-password.ts";
import { endAllSessions } from "./sessions.ts";
import { loginThrottles, pendingAuthentications, users } from "./tables.ts";

export type NewPassword = { token: string; password: string; confirmPassword: string };

export async function setPasswordWithLink(db: Db, config: Config, origin: RequestOrigin, input: NewPassword): Promise<{ email: string }> {
  const { user } = await findUsableLink(db, input.token);
  acceptNewPassword(input, config.passwordMinLength, user);
  const passwordHash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    // Re-checked under lock: the link may have been used while the hash was computed.
    const { link, user: current } = await findUsableLink(tx, input.token, true);
    await markLinkUsed(tx, input.token);
    const now = new Date();
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, emailVerifiedAt: current.emailVerifiedAt ?? now })
      .where(eq(users.id, current.id));
    await tx.delete(loginThrottles).where(eq(loginThrottles.emailHash, sha256(current.email)));
    if (!current.emailVerifiedAt) await audit(tx, auditEvents, origin, { type: "account.email_confirmed", actorId: current.id, subjectId: current.id });
    const isReset = current.passwordHash !== null;
    await audit(tx, auditEvents, origin, {
      type: isReset ? "account.password_reset" : "account.password_set",
      actorId: current.id,
      subjectId: current.id,
      details: { purpose: link.purpose },
    });
    if (isReset) {
      await endAllSessions(tx, current.id);
      // A second step begun with the old password must not complete either.
      await tx.delete(pendingAuthentications).where(eq(pendingAuthentications.userId, current.id));
      await enqueue(tx, outbox, { channel: "mail", to: current.email, ...passwordChangedMail(current, identityPages(config).lostPassword) });
    }
    return { email: current.email };
  });
}
