/*
 * "Change password" in My Account.
 * - needs a recent sign-in (the route checks it) and the new password typed
 *   twice, under the same policy as at creation;
 * - ends the account's other sessions, keeps this one;
 * - mails the owner and is audited.
 */
import { and, eq, ne } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import { hashPassword, verifyPassword } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { passwordChangedMail } from "../accounts/mails.ts";
import { identityPages } from "../accounts/pages.ts";
import { acceptNewPassword } from "../accounts/new-password.ts";
import type { CurrentSession } from "../accounts/sessions.ts";
import { pendingAuthentications, sessions, users } from "../accounts/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";

export async function changePassword(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  session: CurrentSession,
  input: { password: string; confirmPassword: string },
): Promise<void> {
  const { user } = session;
  acceptNewPassword(input, config.passwordMinLength, user);
  if (user.passwordHash && (await verifyPassword(user.passwordHash, input.password))) {
    throw new InvalidField("password", "Your new password must differ from the current one.");
  }
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.tokenHash, session.tokenHash)));
    await tx.delete(pendingAuthentications).where(eq(pendingAuthentications.userId, user.id));
    await audit(tx, auditEvents, origin, { type: "account.password_changed", actorId: user.id, subjectId: user.id });
    await enqueue(tx, outbox, { channel: "mail", to: user.email, ...passwordChangedMail(user, identityPages(config).lostPassword) });
  });
}
