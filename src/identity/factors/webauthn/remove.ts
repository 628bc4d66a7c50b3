/*
 * Removing a security key in My Account.
 * - needs a recent sign-in (the route checks it);
 * - only the owner's key: any other id is "Not found or no access.";
 * - the account's last key, when no other method is set up, goes only with
 *   `confirmLastFactor` (one of several keys leaves the method set up);
 * - the account's row is locked for the check and the removal, so two
 *   removals at once cannot both pass the last-factor check;
 * - audited and mailed to the owner in the same transaction.
 */
import { and, eq } from "drizzle-orm";
import type { RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { NotFound } from "../../../platform/http/errors.ts";
import { users } from "../../accounts/tables.ts";
import { guardLastFactor, recordFactorChange } from "../changes.ts";
import type { User } from "../factor.ts";
import { webauthnFactor } from "./factor.ts";
import { keysOf, ownedKey } from "./keys.ts";
import { webauthnCredentials } from "./tables.ts";

export async function removeKey(db: Db, config: Config, origin: RequestOrigin, user: User, id: string, isConfirmed: boolean | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
    const key = await ownedKey(tx, user.id, id);
    if ((await keysOf(tx, user.id)).length === 1) await guardLastFactor(tx, user.id, isConfirmed);
    const [removed] = await tx
      .delete(webauthnCredentials)
      .where(and(eq(webauthnCredentials.id, key.id), eq(webauthnCredentials.userId, user.id)))
      .returning();
    if (!removed) throw new NotFound();
    await recordFactorChange(tx, config, origin, user, {
      change: "removed",
      method: webauthnFactor.method,
      label: webauthnFactor.label,
      description: removed.name,
    });
  });
}
