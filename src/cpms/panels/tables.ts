/*
 * Panels: virtual multidisciplinary consultations on one patient.
 *
 * panels: the clinical question, the ERN and thematic area, urgency, due
 * date, the lead, the status (state-machine.ts), and what of the patient's
 * record the panel shares — sections of the current version and chosen
 * attachments (a member sees only these, only while a member). A panel born
 * of a request for assistance names it.
 *
 * panel_members: one row per person ever asked — the lead (role "lead"),
 * invitees and members; declining or being removed keeps the row (who,
 * when, why) and ends all access at once. `viaThematicArea` marks invitees
 * suggested by the area's expert group.
 *
 * panel_contributions: one structured contribution per member (assessment,
 * suggested investigations, recommendation, attachments), editable while
 * the panel is open; submitted_at is set when the member submits it.
 *
 * panel_messages: the discussion thread (with mentions), members' requests
 * to the lead for more information (kind "info_request") and the lead's
 * reminders (kind "reminder").
 *
 * panel_outcomes: the recommendation document. One open draft per panel at
 * a time; `revision` grows with each edit so agreements given to an earlier
 * text are told apart; signing freezes it (signed_at, sha256 of the signed
 * document); reopening a closed panel supersedes the signed outcome (kept).
 *
 * panel_agreements: a member's agreement (or not, with a comment) to one
 * revision of the outcome.
 *
 * panel_files: the files a panel holds — the patient's attachments the lead
 * shared ("record") and the files members attached to contributions or
 * messages ("contribution").
 */
import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { files } from "../files/tables.ts";
import { patients } from "../patients/tables.ts";
import { cpmsSchema } from "../pg-schema.ts";

export const PANEL_STATUSES = ["draft", "open", "awaiting_outcome", "closed"] as const;
export type PanelStatus = (typeof PANEL_STATUSES)[number];

export const URGENCIES = ["routine", "urgent"] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Sections of the patient record a panel can share (keys of PatientRecord, with pseudonym and consent always shown). */
export const SHAREABLE_SECTIONS = ["core", "demographics", "diagnoses", "phenotypes", "geneticFindings", "familyHistory", "clinicalSummary"] as const;
export type ShareableSection = (typeof SHAREABLE_SECTIONS)[number];

export const MEMBER_ROLES = ["lead", "member"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEMBER_STATUSES = ["invited", "accepted", "declined", "removed"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MESSAGE_KINDS = ["message", "info_request", "reminder"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const OUTCOME_STATUSES = ["draft", "signed", "superseded"] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export const PANEL_FILE_SOURCES = ["record", "contribution"] as const;
export type PanelFileSource = (typeof PANEL_FILE_SOURCES)[number];

export const panels = cpmsSchema.table(
  "panels",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** "EURACAN-P-4F7K2Q": shown to people, unique, random. */
    reference: text().notNull(),
    ernCode: text().notNull(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    /** The patient's pseudonym, copied for lists (never a name). */
    pseudonym: text().notNull(),
    title: text().notNull(),
    question: text().notNull(),
    thematicAreaId: uuid(),
    thematicAreaName: text().notNull().default(""),
    urgency: text({ enum: URGENCIES }).notNull().default("routine"),
    dueDate: date({ mode: "string" }).notNull(),
    status: text({ enum: PANEL_STATUSES }).notNull().default("draft"),
    leadSub: text().notNull(),
    leadName: text().notNull(),
    /** The lead's healthcare provider in the panel's ERN (Panel Managers HCP of it manage the panel). */
    leadProviderId: text().notNull(),
    createdBySub: text().notNull(),
    createdByName: text().notNull(),
    /** What of the record the panel shares. */
    sharedSections: jsonb().$type<ShareableSection[]>().notNull().default([]),
    /** The request for assistance the panel was started from. */
    requestId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    openedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    /** Last reminder sent to the members who have not contributed. */
    remindedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("panels_reference_unique").on(t.reference),
    index().on(t.ernCode, t.status, t.dueDate),
    index().on(t.patientId, t.createdAt),
    index().on(t.leadSub, t.status),
    index().on(t.leadProviderId),
    uniqueIndex("panels_request_unique").on(t.requestId).where(sql`${t.requestId} is not null`),
  ],
);

export const panelMembers = cpmsSchema.table(
  "panel_members",
  {
    panelId: uuid()
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    sub: text().notNull(),
    name: text().notNull(),
    email: text(),
    role: text({ enum: MEMBER_ROLES }).notNull().default("member"),
    status: text({ enum: MEMBER_STATUSES }).notNull().default("invited"),
    /** The ERN in which the member holds the profile they were invited as (the panel's, or another when asked). */
    ernCode: text().notNull(),
    /** "FR01 - Assistance Publique-Hôpitaux de Paris, …", for the members list. */
    providerLabel: text().notNull().default(""),
    countryCode: text().notNull().default(""),
    viaThematicArea: boolean().notNull().default(false),
    invitedBySub: text().notNull(),
    invitedByName: text().notNull(),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The inviter's note to the invitee, sent with the invitation (when the panel opens, for a draft). */
    inviteNote: text(),
    /** Invitations made while the panel is a draft go out when it opens. */
    notifiedAt: timestamp({ withTimezone: true }),
    respondedAt: timestamp({ withTimezone: true }),
    declineReason: text(),
    removedAt: timestamp({ withTimezone: true }),
    removedBySub: text(),
    removedByName: text(),
    removeReason: text(),
  },
  (t) => [
    primaryKey({ columns: [t.panelId, t.sub] }),
    index().on(t.sub, t.status),
    uniqueIndex("panel_members_one_lead").on(t.panelId).where(sql`${t.role} = 'lead'`),
  ],
);

export const panelContributions = cpmsSchema.table(
  "panel_contributions",
  {
    id: uuid().primaryKey().defaultRandom(),
    panelId: uuid()
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    authorSub: text().notNull(),
    authorName: text().notNull(),
    assessment: text().notNull().default(""),
    investigations: text().notNull().default(""),
    recommendation: text().notNull().default(""),
    /** Panel files' ids (panel_files, source "contribution"). */
    attachmentIds: jsonb().$type<string[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("panel_contributions_one_per_member").on(t.panelId, t.authorSub), index().on(t.panelId, t.submittedAt)],
);

export const panelMessages = cpmsSchema.table(
  "panel_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    panelId: uuid()
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    kind: text({ enum: MESSAGE_KINDS }).notNull().default("message"),
    authorSub: text().notNull(),
    authorName: text().notNull(),
    body: text().notNull(),
    /** The subs of the members mentioned ("@Name"). */
    mentions: jsonb().$type<string[]>().notNull().default([]),
    /** The message answered (a reply to a request for more information). */
    replyTo: uuid(),
    attachmentIds: jsonb().$type<string[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.panelId, t.createdAt)],
);

export const panelOutcomes = cpmsSchema.table(
  "panel_outcomes",
  {
    id: uuid().primaryKey().defaultRandom(),
    panelId: uuid()
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    status: text({ enum: OUTCOME_STATUSES }).notNull().default("draft"),
    /** Grows with each edit; agreements name the revision they agree to. */
    revision: integer().notNull().default(1),
    /** The case as the panel understood it. */
    summary: text().notNull().default(""),
    /** The panel's recommendation: what the document is for. */
    recommendation: text().notNull().default(""),
    investigations: text().notNull().default(""),
    followUp: text().notNull().default(""),
    /** The contributions the document cites: author names and their recommendations, as when signed. */
    contributions: jsonb().$type<{ authorName: string; recommendation: string }[]>().notNull().default([]),
    authorSub: text().notNull(),
    authorName: text().notNull(),
    agreementRequestedAt: timestamp({ withTimezone: true }),
    signedAt: timestamp({ withTimezone: true }),
    signedBySub: text(),
    signedByName: text(),
    /** SHA-256 of the signed document's canonical JSON: the PDF shows it. */
    signedSha256: text(),
    supersededAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.panelId, t.createdAt), uniqueIndex("panel_outcomes_one_current").on(t.panelId).where(sql`${t.status} <> 'superseded'`)],
);

export const panelAgreements = cpmsSchema.table(
  "panel_agreements",
  {
    outcomeId: uuid()
      .notNull()
      .references(() => panelOutcomes.id, { onDelete: "cascade" }),
    sub: text().notNull(),
    name: text().notNull(),
    revision: integer().notNull(),
    agrees: boolean().notNull(),
    comment: text().notNull().default(""),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.outcomeId, t.sub] })],
);

export const panelFiles = cpmsSchema.table(
  "panel_files",
  {
    panelId: uuid()
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    fileId: uuid()
      .notNull()
      .references(() => files.id),
    source: text({ enum: PANEL_FILE_SOURCES }).notNull(),
    addedBySub: text().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.panelId, t.fileId] }), index().on(t.fileId)],
);
