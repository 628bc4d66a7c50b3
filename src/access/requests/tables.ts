/*
 * Rights: one row per user × access profile × healthcare provider, from the
 * request to its end.
 *   requested → granted | rejected | withdrawn
 *   granted → deletion_requested → revoked (or back to granted)
 *   granted → revoked
 * A user holds at most one open row (requested, granted, deletion_requested)
 * per profile and provider. Rows submitted together share a submission id
 * and the requester's comment. The requester's e-mail and name are those
 * identity gave at submission, for the approvers and the mails.
 *
 * right_events is each right's history: who moved it from which status to
 * which, when and why.
 */
import { sql } from "drizzle-orm";
import { bigserial, index, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { applications, profiles, providers } from "../catalog/tables.ts";
import { accessSchema } from "../pg-schema.ts";

export const RIGHT_STATUSES = ["requested", "granted", "rejected", "withdrawn", "deletion_requested", "revoked"] as const;
export type RightStatus = (typeof RIGHT_STATUSES)[number];
export const OPEN_STATUSES: readonly RightStatus[] = ["requested", "granted", "deletion_requested"];
/** A right the user holds: granted, or with its removal asked for (kept until an approver decides). */
export const HELD_STATUSES: RightStatus[] = ["granted", "deletion_requested"];

export const rights = accessSchema.table(
  "rights",
  {
    id: uuid().primaryKey().defaultRandom(),
    submissionId: uuid().notNull(),
    sub: text().notNull(),
    requesterEmail: text().notNull(),
    requesterName: text().notNull(),
    applicationId: text()
      .notNull()
      .references(() => applications.id),
    profileId: uuid()
      .notNull()
      .references(() => profiles.id),
    providerId: uuid()
      .notNull()
      .references(() => providers.id),
    status: text({ enum: RIGHT_STATUSES }).notNull().default("requested"),
    comment: text().notNull().default(""),
    decisionReason: text(),
    decidedBySub: text(),
    decidedByName: text(),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("rights_open_unique").on(t.sub, t.profileId, t.providerId).where(sql`${t.status} in ('requested', 'granted', 'deletion_requested')`),
    index().on(t.sub),
    index().on(t.status, t.requestedAt),
    index().on(t.providerId),
    // The authorizations API's change feed: an application's rights in order of change, paged by (updated_at, id).
    index().on(t.applicationId, t.updatedAt, t.id),
  ],
);

export const rightEvents = accessSchema.table(
  "right_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    rightId: uuid()
      .notNull()
      .references(() => rights.id, { onDelete: "cascade" }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorSub: text(),
    actorName: text().notNull(),
    action: text().notNull(),
    fromStatus: text({ enum: RIGHT_STATUSES }),
    toStatus: text({ enum: RIGHT_STATUSES }).notNull(),
    reason: text(),
  },
  (t) => [index().on(t.rightId, t.at)],
);
