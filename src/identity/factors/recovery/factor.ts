/*
 * "Recovery code" as a second factor of the sign-in flow.
 * - set up = the account has at least one unused recovery code;
 * - nothing is sent; the answer is one of the codes, in any case, with or
 *   without spaces and hyphens;
 * - a code works once: it is marked used by an update that re-checks it is
 *   unused, so two requests racing with one code cannot both win; a spent
 *   code is refused as such, not as "not correct";
 * - when FEW_CODES_LEFT or fewer remain, the owner is mailed, in the same
 *   transaction as the use.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import { verifyPassword } from "../../../platform/crypto.ts";
import { InvalidField } from "../../../platform/http/errors.ts";
import { enqueue } from "../../../platform/mail/outbox.ts";
import { outbox } from "../../pg-schema.ts";
import type { SecondFactor } from "../factor.ts";
import { normaliseRecoveryCode } from "./codes.ts";
import { FEW_CODES_LEFT, fewCodesLeftMail } from "./mails.ts";
import { recoveryCodes } from "./tables.ts";

export const WRONG_RECOVERY_CODE = "This recovery code is not correct. Type one of the codes you saved, like ABCDE-FGH23.";
export const USED_RECOVERY_CODE = "This recovery code has already been used. Each code works once: type another one.";

export const recoveryFactor: SecondFactor = {
  method: "recovery",
  label: "Recovery code",
  assurance: "substantial",
  isSetUp: async (db, userId) =>
    (
      await db
        .select({ id: recoveryCodes.id })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
        .limit(1)
    ).length > 0,
  start: async () => ({ state: {}, show: {} }),
  verify: async ({ db, config, user }, _state, answer) => {
    const code = normaliseRecoveryCode(answer.code);
    if (!code) throw new InvalidField("code", WRONG_RECOVERY_CODE);
    const codes = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    const matches = await Promise.all(codes.map((row) => verifyPassword(row.codeHash, code)));
    const match = codes[matches.indexOf(true)];
    if (!match) throw new InvalidField("code", WRONG_RECOVERY_CODE);
    if (match.usedAt) throw new InvalidField("code", USED_RECOVERY_CODE);
    await db.transaction(async (tx) => {
      const [used] = await tx
        .update(recoveryCodes)
        .set({ usedAt: new Date() })
        .where(and(eq(recoveryCodes.id, match.id), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id });
      if (!used) throw new InvalidField("code", USED_RECOVERY_CODE);
      const [{ remaining }] = await tx
        .select({ remaining: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
      if (remaining <= FEW_CODES_LEFT) await enqueue(tx, outbox, { channel: "mail", to: user.email, ...fewCodesLeftMail(config, user, remaining) });
    });
    return { amr: ["otp"], acr: "substantial" };
  },
};
