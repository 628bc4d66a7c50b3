/*
 * The code that proves a newly added number reaches its owner's phone.
 * - one waiting code per number: a new one replaces the previous one (and
 *   its wrong attempts), within the resend limits of text-code.ts;
 * - a number already verified needs no code.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { Conflict } from "../../../platform/http/errors.ts";
import { findOwnPhone, type Phone } from "./phones.ts";
import { phoneChallenges } from "./tables.ts";
import { textChallengeCode } from "./text-code.ts";

export async function textEnrolmentCode(tx: Db, phone: Phone): Promise<void> {
  const [previous] = await tx.select().from(phoneChallenges).where(eq(phoneChallenges.phoneId, phone.id));
  const { codeHash, sentAt, expiresAt } = await textChallengeCode(tx, phone.userId, phone.number, previous?.sentAt);
  await tx
    .insert(phoneChallenges)
    .values({ phoneId: phone.id, codeHash, sentAt, expiresAt })
    .onConflictDoUpdate({ target: phoneChallenges.phoneId, set: { codeHash, sentAt, expiresAt, attempts: 0 } });
}

export async function resendEnrolmentCode(db: Db, userId: string, phoneId: string): Promise<Phone> {
  const phone = await findOwnPhone(db, userId, phoneId);
  if (phone.verifiedAt) throw new Conflict("This mobile phone number is already verified.");
  await db.transaction((tx) => textEnrolmentCode(tx, phone));
  return phone;
}
