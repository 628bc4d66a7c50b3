/*
 * What every change of a verification method does besides the change:
 * - adding or removing one needs a recent sign-in (requireRecentSignIn, in
 *   the route);
 * - removing the last second factor needs `confirmLastFactor: true`, else
 *   it is refused with `code: "last_factor"` and a warning the page shows;
 * - each change is audited (factor.added / factor.removed) and mailed to the
 *   owner, in the same transaction as the change.
 */
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { Problem } from "../../platform/http/errors.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { identityPages } from "../accounts/pages.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import type { User } from "./factor.ts";
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

/** Refuses to remove the account's last second factor unless the user confirmed it. */
export async function guardLastFactor(db: Db, userId: string, isConfirmed: boolean | undefined): Promise<void> {
  const setUp = await Promise.all(SECOND_FACTORS.map((factor) => factor.isSetUp(db, userId)));
  if (setUp.filter(Boolean).length > 1 || isConfirmed) return;
  throw new Problem(
    409,
    "Conflict",
    "This is your last second verification method. Without it you cannot sign in to applications that require two-factor authentication, such as CPMS. Remove it anyway?",
    undefined,
    {},
    { code: "last_factor" },
  );
}
