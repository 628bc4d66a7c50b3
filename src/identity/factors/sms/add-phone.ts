/*
 * "Add a mobile phone number" in My Account.
 * - needs a recent sign-in (the route checks it) and a number in
 *   international format from an allowed country (phone-number.ts);
 * - the number is kept unverified and a challenge code is texted to it; it
 *   becomes a verification method only when the code comes back
 *   (verify-phone.ts);
 * - adding a number unverified already sends a new code; a number already
 *   verified, or more than MAX_PHONES numbers, is refused;
 * - whether another account has the same number is never checked nor told.
 */
import { and, count, eq } from "drizzle-orm";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { InvalidField } from "../../../platform/http/errors.ts";
import { textEnrolmentCode } from "./enrolment-code.ts";
import { parsePhoneNumber } from "./phone-number.ts";
import type { Phone } from "./phones.ts";
import { phoneNumbers } from "./tables.ts";

export const MAX_PHONES = 5;

export async function addPhone(db: Db, config: Config, userId: string, typed: string): Promise<Phone> {
  const number = parsePhoneNumber(typed, config.sms.allowedCountryCodes);
  return db.transaction(async (tx) => {
    const ofUser = and(eq(phoneNumbers.userId, userId), eq(phoneNumbers.number, number));
    let [phone] = await tx.select().from(phoneNumbers).where(ofUser);
    if (phone?.verifiedAt) throw new InvalidField("number", "This mobile phone number is already in your list.");
    if (!phone) {
      const [{ phones }] = await tx.select({ phones: count() }).from(phoneNumbers).where(eq(phoneNumbers.userId, userId));
      if (phones >= MAX_PHONES) throw new InvalidField("number", `You can have at most ${MAX_PHONES} mobile phone numbers. Delete one first.`);
      // A parallel request may have added it meanwhile: then use that row.
      await tx.insert(phoneNumbers).values({ userId, number }).onConflictDoNothing();
      [phone] = await tx.select().from(phoneNumbers).where(ofUser);
    }
    await textEnrolmentCode(tx, phone);
    return phone;
  });
}
