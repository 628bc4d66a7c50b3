/*
 * cpms's directory of its users: who signed in (name and e-mail from their
 * session) and the CPMS rights the authorisation system granted them, as
 * last read from its API.
 * - members: one row per sub; `fetched_at` is when access last answered for
 *   them (null: never), so a stale copy is told from a fresh one;
 * - memberships: one granted profile at one healthcare provider of one ERN,
 *   replaced as a whole at each refresh (keyed by access's right id).
 */
import { boolean, index, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { cpmsSchema } from "../pg-schema.ts";

export const members = cpmsSchema.table(
  "members",
  {
    sub: text().primaryKey(),
    name: text().notNull(),
    email: text(),
    /** Lower-cased name and e-mail, for the directory's search. */
    searchText: text().notNull().default(""),
    fetchedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.searchText)],
);

export const memberships = cpmsSchema.table(
  "memberships",
  {
    id: uuid().primaryKey().defaultRandom(),
    sub: text()
      .notNull()
      .references(() => members.sub, { onDelete: "cascade" }),
    rightId: text().notNull(),
    profile: text().notNull(),
    ernCode: text().notNull(),
    ernName: text().notNull(),
    countryCode: text().notNull(),
    countryName: text().notNull(),
    providerId: text().notNull(),
    providerCode: text().notNull(),
    providerName: text().notNull(),
    isGuest: boolean().notNull().default(false),
    grantedSince: timestamp({ withTimezone: true }),
  },
  (t) => [unique().on(t.sub, t.rightId), index().on(t.ernCode, t.profile), index().on(t.providerId)],
);
