/*
 * What every change of a verification method does besides the change:
 * - adding or removing one (or changing the password) needs a recent
 *   sign-in and, once the account has a second factor, a session that used
 *   one: a stolen password alone must not replace or remove the factors
 *   (requireSecurityChangeRights, called by each route);
 * - removing the last second factor needs `confirmLastFactor: true`, else
 *   it is refused with `code: "last_factor"` and a warning the page shows;
 * - each change is audited (factor.added / factor.removed) and mailed to the
 *   owner, in the same transaction as the change.
 */
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { eq } from "drizzle-orm";
import { AuthenticationRequired, Problem } from "../../platform/http/errors.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { requireRecentSignIn } from "../accounts/current-session.ts";
import { identityPages } from "../accounts/pages.ts";
import type { CurrentSession } from "../accounts/sessions.ts";
import { users } from "../accounts/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { meetsAssurance, type User } from "./factor.ts";
import { SECOND_FACTORS } from "./registry.ts";

export type FactorChange = { change: "added" | "removed"; method: string; label: string; description: string };

export async function recordFactorChange(tx: Db, config: Config, origin: RequestOrigin, user: User, change: FactorChange): Promise<void> {
  await audit(tx, auditEvents, origin, {
    type: `factor.${change.change}`,
    actorId: user.id,
    subjectId: user.id,
    details: { method: change.method, description: change.description },
  });
  const verb = change.change === "added" ? "added to" : "removed from";
  await enqueue(tx, outbox, {
    channel: "mail",
    to: user.email,
    subject: `OpenCPMS Login: a verification method was ${change.change}`,
    text: `Dear ${user.firstName},

${change.label} (${change.description}) was ${verb} your OpenCPMS Login account ${user.email}.

If you did not do this, reset your password at once (${identityPages(config).lostPassword}) and check My Account.

Sent to you by OpenCPMS Login`,
  });
}

async function countSecondFactors(db: Db, userId: string): Promise<number> {
  const setUp = await Promise.all(SECOND_FACTORS.map((factor) => factor.isSetUp(db, userId)));
  return setUp.filter(Boolean).length;
}

export async function requireSecurityChangeRights(db: Db, session: CurrentSession): Promise<void> {
  requireRecentSignIn(session);
  if (meetsAssurance(session.acr, "substantial") || (await countSecondFactors(db, session.user.id)) === 0) return;
  throw new AuthenticationRequired("Please confirm it is you with one of your second verification methods first.", "step_up_required", { acr: "substantial" });
}

/** Serialises changes of one account's factors: call first in the change's transaction. */
export async function lockAccount(tx: Db, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
}

/**
 * Refuses to remove the account's last second factor unless the user
 * confirmed it. Call it inside the removal's transaction: it locks the
 * account's row, so two removals racing each other are counted one by one.
 */
export async function guardLastFactor(tx: Db, userId: string, isConfirmed: boolean | undefined): Promise<void> {
  await lockAccount(tx, userId);
  if (isConfirmed || (await countSecondFactors(tx, userId)) > 1) return;
  throw new Problem(
    409,
    "Conflict",
    "This is your last second verification method. Without it you cannot sign in to applications that require two-factor authentication, such as CPMS. Remove it anyway?",
    undefined,
    {},
    { code: "last_factor" },
  );
}
