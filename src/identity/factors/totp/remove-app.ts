/*
 * Removing an authenticator app.
 * - needs a recent sign-in (the route checks it) and the app to be the
 *   account's own (404 otherwise);
 * - a confirmed app is a factor: removing the account's last one, when no
 *   other method is set up either, needs `confirmLastFactor`; the removal is
 *   audited and mailed in the same transaction; an unconfirmed app never
 *   was a factor, so it just goes;
 * - the account's row is locked first, so two removals at once cannot both
 *   pass the last-factor check.
 */
import { and, eq, isNotNull, ne } from "drizzle-orm";
import type { RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { users } from "../../accounts/tables.ts";
import { guardLastFactor, recordFactorChange } from "../changes.ts";
import type { User } from "../factor.ts";
import { findOwnApp } from "./own-app.ts";
import { authenticatorApps } from "./tables.ts";

export async function removeAuthenticatorApp(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  user: User,
  appId: string,
  confirmLastFactor: boolean | undefined,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
    const app = await findOwnApp(tx, user.id, appId);
    if (app.confirmedAt) {
      // The method stays set up while another confirmed app remains.
      const others = await tx
        .select({ id: authenticatorApps.id })
        .from(authenticatorApps)
        .where(and(eq(authenticatorApps.userId, user.id), ne(authenticatorApps.id, app.id), isNotNull(authenticatorApps.confirmedAt)));
      if (!others.length) await guardLastFactor(tx, user.id, confirmLastFactor);
    }
    await tx.delete(authenticatorApps).where(eq(authenticatorApps.id, app.id));
    if (app.confirmedAt) {
      await recordFactorChange(tx, config, origin, user, { change: "removed", method: "totp", label: "Authenticator app", description: app.name });
    }
  });
}
