/*
 * Single-use links to create or reset a password.
 * - only the SHA-256 of the token is stored;
 * - a link expires after PASSWORD_LINK_TTL_MINUTES;
 * - issuing a new link supersedes the older unused ones of the account;
 * - using a link marks it used in the same statement that checks it, so two
 *   racing requests cannot both use it;
 * - an unknown, used, superseded or expired link each get their own message.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { Gone, NotFound } from "../../platform/http/errors.ts";
import { randomToken, sha256 } from "../../platform/crypto.ts";
import { passwordLinks, users } from "./tables.ts";

export type LinkPurpose = "create" | "reset";

export async function issuePasswordLink(tx: Db, config: Config, userId: string, purpose: LinkPurpose): Promise<string> {
  const token = randomToken();
  const now = new Date();
  await tx
    .update(passwordLinks)
    .set({ supersededAt: now })
    .where(and(eq(passwordLinks.userId, userId), isNull(passwordLinks.usedAt), isNull(passwordLinks.supersededAt)));
  await tx.insert(passwordLinks).values({
    tokenHash: sha256(token),
    userId,
    purpose,
    expiresAt: new Date(now.getTime() + config.passwordLinkTtlMinutes * 60_000),
  });
  return token;
}

const NEW_LINK_HINT = "Enter your e-mail address below to receive a new link.";

/** The link's account, if the link can still be used; otherwise a clear error. */
export async function findUsableLink(tx: Db, token: string, lock = false) {
  const query = tx
    .select({ link: passwordLinks, user: users })
    .from(passwordLinks)
    .innerJoin(users, eq(users.id, passwordLinks.userId))
    .where(eq(passwordLinks.tokenHash, sha256(token)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new NotFound(`This link is not valid. Check that you copied the whole address from the mail, or ask for a new link. ${NEW_LINK_HINT}`);
  if (row.link.usedAt) throw new Gone(`This link has already been used. Each link works once. ${NEW_LINK_HINT}`);
  if (row.link.supersededAt) throw new Gone(`A newer link has been sent for this account: use the most recent mail. ${NEW_LINK_HINT}`);
  if (row.link.expiresAt.getTime() <= Date.now()) throw new Gone(`This link has expired. ${NEW_LINK_HINT}`);
  return row;
}

export async function markLinkUsed(tx: Db, token: string): Promise<void> {
  await tx
    .update(passwordLinks)
    .set({ usedAt: new Date() })
    .where(eq(passwordLinks.tokenHash, sha256(token)));
}
