/*
 * Authenticator apps (TOTP, RFC 6238) of an account, and the identity
 * service's own keys.
 * - an app counts once its first code confirmed it (`confirmedAt`); an
 *   unconfirmed one older than an hour is ignored, then removed;
 * - the shared secret is stored encrypted (AES-256-GCM, see secret-box.ts):
 *   unlike a password it must be read back to check a code, so it cannot be
 *   hashed;
 * - `lastUsedStep` is the time step of the newest code accepted, so no code
 *   (nor an older one) works twice; `lastUsedAt` is when that was.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../accounts/tables.ts";
import { identitySchema } from "../../pg-schema.ts";

export const authenticatorApps = identitySchema.table(
  "authenticator_apps",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    secret: text().notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    lastUsedStep: integer(),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId), check("authenticator_app_name_length", sql`char_length(${t.name}) between 1 and 60`)],
);

/**
 * Keys the service generates for itself when the configuration gives none
 * (SECRETS_KEY), so every instance on this database uses the same one.
 */
export const secrets = identitySchema.table("secrets", {
  name: text().primaryKey(),
  value: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
