/*
 * Removing the account's recovery codes.
 * - needs a recent sign-in (the route checks it);
 * - unused codes are a factor: removing the last factor needs
 *   `confirmLastFactor`, and the removal is audited and mailed in the same
 *   transaction, which locks the account's row first so two removals at
 *   once cannot both pass the last-factor check;
 * - with no codes at all there is nothing to remove (404).
 */
import { and, count, eq, isNull } from "drizzle-orm";
import type { RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { NotFound } from "../../../platform/http/errors.ts";
import { users } from "../../accounts/tables.ts";
import { guardLastFactor, recordFactorChange } from "../changes.ts";
import type { User } from "../factor.ts";
import { recoveryCodes } from "./tables.ts";

export async function removeRecoveryCodes(db: Db, config: Config, origin: RequestOrigin, user: User, confirmLastFactor: boolean | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
    const [{ remaining }] = await tx
      .select({ remaining: count() })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
    if (remaining > 0) await guardLastFactor(tx, user.id, confirmLastFactor);
    const removed = await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)).returning({ id: recoveryCodes.id });
    if (!removed.length) throw new NotFound("You have no recovery codes.");
    if (remaining > 0) {
      await recordFactorChange(tx, config, origin, user, {
        change: "removed",
        method: "recovery",
        label: "Recovery codes",
        description: `${remaining} unused recovery code${remaining === 1 ? "" : "s"}`,
      });
    }
  });
}
