/*
 * "Generate new recovery codes".
 * - needs a recent sign-in (the route checks it);
 * - replaces every code of the account, used or not: the old ones stop
 *   working at once;
 * - the codes leave the server only in this answer; what is stored is their
 *   hashes (codes.ts);
 * - audited and mailed as an added method, in the same transaction, which
 *   locks the account's row so two generations at once leave one set.
 */
import { eq } from "drizzle-orm";
import type { RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import { hashPassword } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/database.ts";
import { users } from "../../accounts/tables.ts";
import { recordFactorChange } from "../changes.ts";
import type { User } from "../factor.ts";
import { CODE_COUNT, newRecoveryCodes, normaliseRecoveryCode } from "./codes.ts";
import { recoveryCodes } from "./tables.ts";

export async function generateRecoveryCodes(db: Db, config: Config, origin: RequestOrigin, user: User): Promise<string[]> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => hashPassword(normaliseRecoveryCode(code) as string)));
  await db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId: user.id, codeHash })));
    await recordFactorChange(tx, config, origin, user, {
      change: "added",
      method: "recovery",
      label: "Recovery codes",
      description: `${CODE_COUNT} recovery codes`,
    });
  });
  return codes;
}
