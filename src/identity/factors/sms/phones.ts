/*
 * An account's mobile phone numbers, as My Account and the sign-in step see them.
 * - a number is found only among the account's own: any other id answers
 *   404 "Not found or no access.", whether it exists or not;
 * - the owner sees the full number; the sign-in step, masked ones.
 */
import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { NotFound } from "../../../platform/http/errors.ts";
import { maskPhoneNumber } from "./phone-number.ts";
import { phoneNumbers } from "./tables.ts";

export type Phone = typeof phoneNumbers.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findOwnPhone(db: Db, userId: string, phoneId: string): Promise<Phone> {
  const [phone] = UUID.test(phoneId)
    ? await db
        .select()
        .from(phoneNumbers)
        .where(and(eq(phoneNumbers.id, phoneId), eq(phoneNumbers.userId, userId)))
    : [];
  if (!phone) throw new NotFound();
  return phone;
}

/** Verified numbers, the most recently verified first (the sign-in step's default). */
export function verifiedPhonesOf(db: Db, userId: string): Promise<Phone[]> {
  return db
    .select()
    .from(phoneNumbers)
    .where(and(eq(phoneNumbers.userId, userId), isNotNull(phoneNumbers.verifiedAt)))
    .orderBy(desc(phoneNumbers.verifiedAt));
}

export function presentPhone(phone: Phone) {
  return {
    id: phone.id,
    number: phone.number,
    masked: maskPhoneNumber(phone.number),
    isVerified: phone.verifiedAt !== null,
    verifiedAt: phone.verifiedAt?.toISOString() ?? null,
    createdAt: phone.createdAt.toISOString(),
  };
}

export async function listPhones(db: Db, userId: string) {
  const phones = await db.select().from(phoneNumbers).where(eq(phoneNumbers.userId, userId)).orderBy(asc(phoneNumbers.createdAt));
  return phones.map(presentPhone);
}
