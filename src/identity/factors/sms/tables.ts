/*
 * Mobile phone numbers and their SMS challenge codes.
 * - a number is stored in E.164 (+ and digits only, checked by the
 *   database too) and at most once per account; the same number may belong
 *   to several accounts, so adding one reveals nothing about others;
 * - a number counts for signing in only once `verified_at` is set, by a code
 *   texted to it (phone_challenges: one waiting code per number, kept only
 *   as its SHA-256 hash, with its expiry and wrong attempts);
 * - sms_sends logs every code texted to an account, for the resend and
 *   hourly limits against SMS pumping.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "../../accounts/tables.ts";
import { identitySchema } from "../../pg-schema.ts";

export const phoneNumbers = identitySchema.table(
  "phone_numbers",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    number: text().notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.userId, t.number), check("number_is_e164", sql`${t.number} ~ '^\\+[1-9][0-9]{6,14}$'`)],
);

export const phoneChallenges = identitySchema.table("phone_challenges", {
  phoneId: uuid()
    .primaryKey()
    .references(() => phoneNumbers.id, { onDelete: "cascade" }),
  codeHash: text().notNull(),
  sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  attempts: integer().notNull().default(0),
});

export const smsSends = identitySchema.table(
  "sms_sends",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.sentAt)],
);
