/*
 * In-app notifications: what a user is told in CPMS's notification list,
 * next to the mail (notify.ts writes both in the caller's transaction).
 * Names no patient: the pseudonym at most, and a link into CPMS.
 */
import { sql } from "drizzle-orm";
import { boolean, index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { cpmsSchema } from "../pg-schema.ts";

export const notifications = cpmsSchema.table(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    sub: text().notNull(),
    /** "panel.invited", "panel.contribution", "panel.mention", "assistance.assigned", … */
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(""),
    /** A path in CPMS ("/panels/…"). */
    link: text().notNull().default(""),
    urgent: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.sub, t.createdAt), index("notifications_unread").on(t.sub).where(sql`${t.readAt} is null`)],
);
