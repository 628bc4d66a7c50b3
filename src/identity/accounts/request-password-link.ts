/*
 * "Lost your password?" and "the link has expired": the user types their
 * e-mail address and, if it has an account, gets a new link by mail — a
 * create-password link if no password was set yet, a reset link otherwise.
 * The answer is the same whether or not the address has an account, and
 * takes about the same time (both count the address's mails in a committed
 * transaction).
 */
import { eq } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { normaliseEmail } from "./email.ts";
import { mayMailAddress } from "./mail-throttle.ts";
import { registeredMail, resetPasswordMail } from "./mails.ts";
import { identityPages } from "./pages.ts";
import { issuePasswordLink } from "./password-links.ts";
import { users } from "./tables.ts";

export async function requestPasswordLink(db: Db, config: Config, origin: RequestOrigin, rawEmail: string): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const pages = identityPages(config);
  await db.transaction(async (tx) => {
    // Both branches write and commit, so the answer takes about as long whether or not the address has an account.
    const mayMail = await mayMailAddress(tx, email);
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    if (!user || !mayMail) return;
    const purpose = user.passwordHash ? "reset" : "create";
    const token = await issuePasswordLink(tx, config, user.id, purpose);
    const link = pages.setPassword(token);
    const mail =
      purpose === "reset"
        ? resetPasswordMail(user, link, config.passwordLinkTtlMinutes)
        : registeredMail(user, link, config.passwordLinkTtlMinutes, pages.lostPassword);
    await enqueue(tx, outbox, { channel: "mail", to: email, ...mail });
    await audit(tx, auditEvents, origin, { type: "account.password_link_sent", subjectId: user.id, details: { purpose } });
  });
}
