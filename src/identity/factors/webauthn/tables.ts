/*
 * Tables of "Security key or trusted platform" (WebAuthn).
 * - a credential belongs to one account and goes with it (cascade); its id is
 *   unique across accounts, so a key answers for one account only;
 * - the public key is stored as base64url (COSE), the counter as the
 *   authenticator last reported it (a lower one is refused by the verifier);
 * - a registration challenge belongs to one session, lives
 *   a few minutes (register.ts) and is used once; it goes with its session.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sessions, users } from "../../accounts/tables.ts";
import { identitySchema } from "../../pg-schema.ts";

/** Names are 1 to NAME_MAX_LENGTH characters (also a check in the table). */
export const NAME_MAX_LENGTH = 60;

export const webauthnCredentials = identitySchema.table(
  "webauthn_credentials",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    credentialId: text().notNull().unique(),
    publicKey: text().notNull(),
    counter: bigint({ mode: "number" }).notNull().default(0),
    transports: text().array().notNull().default([]),
    /** What the authenticator said when it was registered: `platform` or `cross-platform`, if anything. */
    attachment: text({ enum: ["platform", "cross-platform"] }),
    deviceType: text({ enum: ["singleDevice", "multiDevice"] }).notNull(),
    isBackedUp: boolean().notNull().default(false),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId), check("webauthn_name_length", sql`char_length(${t.name}) between 1 and 60`)],
);

export const webauthnRegistrations = identitySchema.table("webauthn_registrations", {
  sessionTokenHash: text()
    .primaryKey()
    .references(() => sessions.tokenHash, { onDelete: "cascade" }),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  challenge: text().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});
