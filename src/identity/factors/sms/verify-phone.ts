/*
 * "Finalise": the texted code comes back and the number becomes a
 * verification method.
 * - the code must be the number's waiting one, within CODE_MINUTES, with
 *   fewer than MAX_CODE_ATTEMPTS wrong answers (counted before checking, so
 *   parallel guesses cannot exceed the limit); then a new code is needed;
 * - single-use: the code is deleted as the number is verified, so a racing
 *   second request finds nothing;
 * - the change is audited and mailed to the owner in the same transaction.
 */
import { and, eq, lt, sql } from "drizzle-orm";
import type { RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { BadRequest, Conflict, InvalidField, TooManyRequests } from "../../../platform/http/errors.ts";
import { recordFactorChange } from "../changes.ts";
import type { User } from "../factor.ts";
import { isSameCode, MAX_CODE_ATTEMPTS, WRONG_CODE } from "./challenge-code.ts";
import { maskPhoneNumber } from "./phone-number.ts";
import { findOwnPhone, type Phone } from "./phones.ts";
import { phoneChallenges, phoneNumbers } from "./tables.ts";

const ASK_AGAIN = "Ask for a new code with “Send a new code”.";

export async function verifyPhone(db: Db, config: Config, origin: RequestOrigin, user: User, phoneId: string, code: string): Promise<Phone> {
  const phone = await findOwnPhone(db, user.id, phoneId);
  if (phone.verifiedAt) throw new Conflict("This mobile phone number is already verified.");
  const [challenge] = await db
    .update(phoneChallenges)
    .set({ attempts: sql`${phoneChallenges.attempts} + 1` })
    .where(and(eq(phoneChallenges.phoneId, phone.id), lt(phoneChallenges.attempts, MAX_CODE_ATTEMPTS)))
    .returning();
  if (!challenge) throw new BadRequest(`There is no valid code for this number any more. ${ASK_AGAIN}`);
  if (challenge.expiresAt < new Date()) throw new BadRequest(`This code has expired. ${ASK_AGAIN}`);
  if (!isSameCode(code, challenge.codeHash)) {
    if (challenge.attempts >= MAX_CODE_ATTEMPTS) throw new TooManyRequests(`${WRONG_CODE} That was the last try. ${ASK_AGAIN}`, 1);
    throw new InvalidField("code", WRONG_CODE);
  }
  return db.transaction(async (tx) => {
    const [used] = await tx.delete(phoneChallenges).where(eq(phoneChallenges.phoneId, phone.id)).returning();
    if (!used) throw new BadRequest(`This code has already been used. ${ASK_AGAIN}`);
    const [verified] = await tx.update(phoneNumbers).set({ verifiedAt: new Date() }).where(eq(phoneNumbers.id, phone.id)).returning();
    await recordFactorChange(tx, config, origin, user, { change: "added", method: "sms", label: "Mobile + SMS", description: maskPhoneNumber(phone.number) });
    return verified;
  });
}
