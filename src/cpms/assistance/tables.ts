/*
 * Requests for assistance: a clinician — a guest outside the ERN (HP at its
 * "0000 Guest Access" entry) or an HP of the ERN — asks the ERN for help
 * with one of their patients. The ERN's Coordinators and Dispatchers see the
 * queue, assign a panel lead (a panel starts from the request, the
 * requester a member of it) or decline with a reason. A patient has at
 * most one request waiting at a time.
 */
import { sql } from "drizzle-orm";
import { boolean, date, index, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { type ShareableSection, URGENCIES } from "../panels/tables.ts";
import { patients } from "../patients/tables.ts";
import { cpmsSchema } from "../pg-schema.ts";

export const REQUEST_STATUSES = ["submitted", "assigned", "declined", "withdrawn"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const assistanceRequests = cpmsSchema.table(
  "assistance_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** "EURACAN-R-7Q2M4K": shown to people, unique, random. */
    reference: text().notNull().unique(),
    ernCode: text().notNull(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    pseudonym: text().notNull(),
    requesterSub: text().notNull(),
    requesterName: text().notNull(),
    requesterEmail: text(),
    /** Where the requester works: "0000 Guest Access" for a clinician outside the ERN. */
    requesterProviderId: text().notNull(),
    requesterProviderLabel: text().notNull(),
    requesterIsGuest: boolean().notNull().default(false),
    question: text().notNull(),
    thematicAreaId: uuid(),
    thematicAreaName: text().notNull().default(""),
    urgency: text({ enum: URGENCIES }).notNull().default("routine"),
    /** The answer wished by. */
    dueDate: date({ mode: "string" }).notNull(),
    /** What of the record the panel may share. */
    sharedSections: jsonb().$type<ShareableSection[]>().notNull().default([]),
    sharedFileIds: jsonb().$type<string[]>().notNull().default([]),
    status: text({ enum: REQUEST_STATUSES }).notNull().default("submitted"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBySub: text(),
    decidedByName: text(),
    declineReason: text(),
    assignedLeadSub: text(),
    assignedLeadName: text(),
    panelId: uuid(),
  },
  (t) => [
    index().on(t.ernCode, t.status, t.createdAt),
    index().on(t.requesterSub, t.createdAt),
    index().on(t.patientId),
    // One waiting request per patient (submit.ts checks first and says so; this stands behind it).
    uniqueIndex("assistance_requests_one_waiting").on(t.patientId).where(sql`${t.status} = 'submitted'`),
  ],
);
