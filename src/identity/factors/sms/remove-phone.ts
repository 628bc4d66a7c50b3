/*
 * "Delete a mobile phone number" in My Account.
 * - a number not yet verified is only an abandoned addition: it goes at once;
 * - a verified one is a verification method: removing it needs a recent
 *   sign-in, and if it is the account's last second factor, the owner's
 *   confirmation (guardLastFactor); the removal is audited and mailed in
 *   the same transaction.
 */
import { and, count, eq, isNotNull } from "drizzle-orm";
import type { RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { CurrentSession } from "../../accounts/sessions.ts";
import { guardLastFactor, lockAccount, recordFactorChange, requireSecurityChangeRights } from "../changes.ts";
import { maskPhoneNumber } from "./phone-number.ts";
import { findOwnPhone, type Phone } from "./phones.ts";
import { phoneNumbers } from "./tables.ts";

export async function removePhone(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  session: CurrentSession,
  phoneId: string,
  isLastFactorConfirmed: boolean | undefined,
): Promise<Phone> {
  const { user } = session;
  const phone = await findOwnPhone(db, user.id, phoneId);
  if (!phone.verifiedAt) {
    await db.delete(phoneNumbers).where(eq(phoneNumbers.id, phone.id));
    return phone;
  }
  await requireSecurityChangeRights(db, session);
  return db.transaction(async (tx) => {
    await lockAccount(tx, user.id);
    const [{ verified }] = await tx
      .select({ verified: count() })
      .from(phoneNumbers)
      .where(and(eq(phoneNumbers.userId, user.id), isNotNull(phoneNumbers.verifiedAt)));
    // Other verified numbers keep "Mobile + SMS" set up: only the last one can be the last factor.
    if (verified <= 1) await guardLastFactor(tx, user.id, isLastFactorConfirmed);
    const [removed] = await tx.delete(phoneNumbers).where(eq(phoneNumbers.id, phone.id)).returning();
    if (removed) {
      await recordFactorChange(tx, config, origin, user, {
        change: "removed",
        method: "sms",
        label: "Mobile + SMS",
        description: maskPhoneNumber(phone.number),
      });
    }
    return phone;
  });
}
