/*
 * Shares of a patient: with one member (`sub`) or with a healthcare
 * provider (every HP of it), in an ERN — the enrolling one or another
 * ("share patient within and across ERNs"), always with a reason.
 * - a share is read-only: the record stays the enrolling HCP's to change;
 * - revoking keeps the row (who, when, why), so the history of who could see
 *   the patient survives; only unrevoked rows give access;
 * - one open share per patient and target (partial unique indexes), and the
 *   target is exactly one of a member or a provider (check constraint).
 */
import { sql } from "drizzle-orm";
import { check, index, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { patients } from "../patients/tables.ts";
import { cpmsSchema } from "../pg-schema.ts";

export const SHARE_KINDS = ["user", "hcp"] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

export const patientShares = cpmsSchema.table(
  "patient_shares",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    kind: text({ enum: SHARE_KINDS }).notNull(),
    /** The member shared with (kind "user"). */
    targetSub: text(),
    /** The healthcare provider shared with (kind "hcp"), access's provider id. */
    targetProviderId: uuid(),
    /** The ERN the recipient sees the patient in. */
    ernCode: text().notNull(),
    /** The recipient's name as shown when shared: the member's or the provider's. */
    targetName: text().notNull(),
    reason: text().notNull(),
    sharedBySub: text().notNull(),
    sharedByName: text().notNull(),
    sharedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBySub: text(),
    revokedByName: text(),
    revokeReason: text(),
  },
  (t) => [
    check(
      "patient_shares_one_target",
      sql`(${t.kind} = 'user' and ${t.targetSub} is not null and ${t.targetProviderId} is null) or (${t.kind} = 'hcp' and ${t.targetProviderId} is not null and ${t.targetSub} is null)`,
    ),
    uniqueIndex("patient_shares_open_user").on(t.patientId, t.targetSub).where(sql`${t.revokedAt} is null and ${t.kind} = 'user'`),
    uniqueIndex("patient_shares_open_hcp").on(t.patientId, t.targetProviderId).where(sql`${t.revokedAt} is null and ${t.kind} = 'hcp'`),
    index("patient_shares_open_by_user").on(t.targetSub, t.patientId).where(sql`${t.revokedAt} is null`),
    index("patient_shares_open_by_hcp").on(t.targetProviderId, t.patientId).where(sql`${t.revokedAt} is null`),
    index().on(t.patientId, t.sharedAt),
  ],
);
