/*
 * "Create an account".
 * - the two e-mail fields must match, the privacy statement be acknowledged
 *   and, unless CAPTCHA=off, the CAPTCHA be answered;
 * - the answer never tells whether the address already has an account: a new
 *   address gets "You have been registered…" with a create-password link; an
 *   address with an account gets a mail saying so; an address registered but
 *   without a password yet gets a fresh link;
 * - at most MAILS_PER_HOUR such mails go to one address, so the form cannot
 *   be used to flood someone's mailbox.
 */
import { eq } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { checkCaptcha } from "./captchas.ts";
import { normaliseEmail } from "./email.ts";
import { alreadyRegisteredMail, registeredMail } from "./mails.ts";
import { mayMailAddress } from "./mail-throttle.ts";
import { identityPages } from "./pages.ts";
import { issuePasswordLink } from "./password-links.ts";
import { users } from "./tables.ts";

export type Registration = {
  firstName: string;
  lastName: string;
  email: string;
  confirmEmail: string;
  language: string;
  privacyAccepted: boolean;
  captchaId?: string;
  captchaAnswer?: string;
};

export async function register(db: Db, config: Config, origin: RequestOrigin, input: Registration): Promise<void> {
  const email = normaliseEmail(input.email);
  if (email !== normaliseEmail(input.confirmEmail)) throw new InvalidField("confirmEmail", "The e-mail addresses do not match.");
  if (!input.privacyAccepted) throw new InvalidField("privacyAccepted", "Please confirm that you have read and understood the privacy statement.");
  const pages = identityPages(config);

  // Outside the transaction: a wrong answer must still use the code up.
  if (config.captcha) await checkCaptcha(db, input.captchaId, input.captchaAnswer);
  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email, firstName: input.firstName.trim(), lastName: input.lastName.trim(), locale: input.language })
      .onConflictDoNothing({ target: users.email })
      .returning();
    const user = created ?? (await tx.select().from(users).where(eq(users.email, email)))[0];
    await audit(tx, auditEvents, origin, {
      type: created ? "account.created" : "account.registration_repeated",
      subjectId: user.id,
      details: { hasPassword: user.passwordHash !== null },
    });
    if (!(await mayMailAddress(tx, email))) return;
    if (user.passwordHash) {
      await enqueue(tx, outbox, { channel: "mail", to: email, ...alreadyRegisteredMail(user, pages.signIn, pages.lostPassword) });
      return;
    }
    const token = await issuePasswordLink(tx, config, user.id, "create");
    await enqueue(tx, outbox, {
      channel: "mail",
      to: email,
      ...registeredMail(user, pages.setPassword(token), config.passwordLinkTtlMinutes, pages.lostPassword),
    });
  });
}
