/*
 * Recovery codes of an account: a set of ten, shown once, each usable once.
 * - only a hash of each code is stored (argon2id, see codes.ts);
 * - `usedAt` marks a spent code; it stays, so a second try of it is told
 *   "already used" rather than "not correct".
 */
import { index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../accounts/tables.ts";
import { identitySchema } from "../../pg-schema.ts";

export const recoveryCodes = identitySchema.table(
  "recovery_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);
