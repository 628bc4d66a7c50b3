/*
 * CAS 3.0:
 * - the services allowed to receive tickets (`opencpms cas-services add`),
 *   each a URL pattern and the level of assurance it requires;
 * - service tickets, kept as SHA-256 only, single-use, bound to the exact
 *   service URL they were issued for, valid for seconds.
 */
import { boolean, index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../accounts/tables.ts";
import { identitySchema } from "../pg-schema.ts";

export const casServices = identitySchema.table("cas_services", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  urlPattern: text().notNull().unique(),
  acr: text({ enum: ["low", "substantial", "high"] })
    .notNull()
    .default("low"),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const casTickets = identitySchema.table(
  "cas_tickets",
  {
    ticketHash: text().primaryKey(),
    service: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The identity session it came from (its token's hash), for single sign-out. */
    sessionHash: text().notNull(),
    acr: text({ enum: ["low", "substantial", "high"] }).notNull(),
    amr: text().array().notNull(),
    authTime: timestamp({ withTimezone: true }).notNull(),
    /** Issued right after the user typed their password (renew=true asks for that). */
    fromNewLogin: boolean().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.expiresAt)],
);
