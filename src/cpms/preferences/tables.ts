/*
 * "My Preferences" and the ERNs' thematic areas.
 * - thematic_areas: each ERN's own list, maintained by its coordinators; a
 *   retired area (retired_at set) is no longer offered but its row stays, so
 *   past choices and history still name it; two offered areas of one ERN
 *   never share a name (partial unique index);
 * - preferences: per user and ERN, the professional role ("other" with its
 *   text); a row means the user has set their preferences in that ERN;
 * - preference_areas: the thematic areas the user wishes to participate in.
 */
import { sql } from "drizzle-orm";
import { foreignKey, index, integer, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cpmsSchema } from "../pg-schema.ts";

export const thematicAreas = cpmsSchema.table(
  "thematic_areas",
  {
    id: uuid().primaryKey().defaultRandom(),
    ernCode: text().notNull(),
    name: text().notNull(),
    sortOrder: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.ernCode, t.sortOrder),
    uniqueIndex("thematic_areas_offered_name").on(t.ernCode, sql`lower(${t.name})`).where(sql`${t.retiredAt} is null`),
  ],
);

export const preferences = cpmsSchema.table(
  "preferences",
  {
    sub: text().notNull(),
    ernCode: text().notNull(),
    professionalRole: text().notNull(),
    otherRole: text(),
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sub, t.ernCode] })],
);

export const preferenceAreas = cpmsSchema.table(
  "preference_areas",
  {
    sub: text().notNull(),
    ernCode: text().notNull(),
    areaId: uuid()
      .notNull()
      .references(() => thematicAreas.id),
  },
  (t) => [
    primaryKey({ columns: [t.sub, t.areaId] }),
    index().on(t.areaId),
    foreignKey({ columns: [t.sub, t.ernCode], foreignColumns: [preferences.sub, preferences.ernCode] }).onDelete("cascade"),
  ],
);
