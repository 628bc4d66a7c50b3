/*
 * Approvers named by operators (`opencpms approvers add`): an ERN's
 * coordinators and helpdesk (ern_code set), or the global helpdesk
 * (ern_code null). Keyed by e-mail, since access learns a user's `sub` only
 * when they sign in; identity's e-mails are verified. Holders of a granted
 * profile that `approves` (CPMS's Coordinator) approve their ERN too.
 *
 * job_runs remembers when a periodic job (the approvers' daily digest) last
 * ran, so that several instances send it once.
 */
import { text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { erns } from "../catalog/tables.ts";
import { accessSchema } from "../pg-schema.ts";

export const approvers = accessSchema.table(
  "approvers",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull().default(""),
    ernCode: text().references(() => erns.code, { onDelete: "cascade" }),
    role: text({ enum: ["coordinator", "helpdesk"] }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.email, t.ernCode).nullsNotDistinct()],
);

export const jobRuns = accessSchema.table("job_runs", {
  name: text().primaryKey(),
  lastRunAt: timestamp({ withTimezone: true }).notNull(),
});
