/*
 * Adding an account by hand (operators, demo data): confirmed at once.
 * With a password, it must satisfy the policy; without one, the user is
 * mailed a create-password link as after registering.
 */
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { audit } from "../../platform/audit.ts";
import { hashPassword } from "../../platform/crypto.ts";
import { BadRequest, Conflict } from "../../platform/http/errors.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { normaliseEmail } from "./email.ts";
import { registeredMail } from "./mails.ts";
import { identityPages } from "./pages.ts";
import { issuePasswordLink } from "./password-links.ts";
import { checkPassword } from "./password-policy.ts";
import { users } from "./tables.ts";

export type NewUser = { email: string; firstName: string; lastName: string; password?: string; locale?: string; isAdmin?: boolean };

export async function addUser(db: Db, config: Config, input: NewUser): Promise<{ id: string; email: string }> {
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new BadRequest(`"${input.email}" is not an e-mail address.`);
  let passwordHash: string | null = null;
  if (input.password !== undefined) {
    const check = checkPassword(input.password, config.passwordMinLength, { ...input, email });
    if (check.failed.length) throw new BadRequest(check.messages.join(" "));
    passwordHash = await hashPassword(input.password);
  }
  return db.transaction(async (tx) => {
    const now = new Date();
    const [user] = await tx
      .insert(users)
      .values({
        email,
        firstName: input.firstName,
        lastName: input.lastName,
        locale: input.locale ?? "en",
        isAdmin: input.isAdmin ?? false,
        emailVerifiedAt: passwordHash ? now : null,
        passwordHash,
        passwordChangedAt: passwordHash ? now : null,
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user) throw new Conflict(`An account with ${email} already exists.`);
    await audit(tx, auditEvents, { userAgent: "opencpms cli" }, { type: "account.created", subjectId: user.id, details: { by: "operator" } });
    if (!passwordHash) {
      const pages = identityPages(config);
      const token = await issuePasswordLink(tx, config, user.id, "create");
      await enqueue(tx, outbox, {
        channel: "mail",
        to: email,
        ...registeredMail(user, pages.setPassword(token), config.passwordLinkTtlMinutes, pages.lostPassword),
      });
    }
    return { id: user.id, email };
  });
}
