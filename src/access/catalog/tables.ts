/*
 * The catalogue the access wizard offers:
 * - applications (CPMS, the ERN Collaborative Platform, …) and their access
 *   profiles (HP, Coordinator, …); a profile that `approves` makes its holders
 *   approvers of their ERN's requests (CPMS's Coordinator);
 * - the organisation tree: ERN → country → healthcare provider. Countries are
 *   shared; a provider belongs to one ERN in one country and has a code
 *   unique there ("FR01", "0000" for Guest Access). `search_text` is the
 *   lower-cased code, name and city, for the wizard's "Search:" box.
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { accessSchema } from "../pg-schema.ts";

export const applications = accessSchema.table("applications", {
  id: text().primaryKey(),
  name: text().notNull(),
  description: text().notNull().default(""),
  sortOrder: integer().notNull().default(0),
});

export const profiles = accessSchema.table(
  "profiles",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: text()
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    status: text({ enum: ["active", "inactive"] })
      .notNull()
      .default("active"),
    approves: boolean().notNull().default(false),
    sortOrder: integer().notNull().default(0),
  },
  (t) => [unique().on(t.applicationId, t.name)],
);

export const erns = accessSchema.table("erns", {
  code: text().primaryKey(),
  name: text().notNull(),
  website: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const countries = accessSchema.table("countries", {
  code: text().primaryKey(),
  name: text().notNull(),
});

export const providers = accessSchema.table(
  "providers",
  {
    id: uuid().primaryKey().defaultRandom(),
    ernCode: text()
      .notNull()
      .references(() => erns.code, { onDelete: "cascade" }),
    countryCode: text()
      .notNull()
      .references(() => countries.code),
    code: text().notNull(),
    name: text().notNull(),
    city: text(),
    website: text(),
    isGuest: boolean().notNull().default(false),
    searchText: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.ernCode, t.countryCode, t.code),
    index().on(t.countryCode),
    index("providers_search_text_idx").using("btree", sql`${t.searchText} text_pattern_ops`),
  ],
);
