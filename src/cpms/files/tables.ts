/*
 * Stored files: patient attachments and signed consent forms.
 *
 * A file starts staged (no patient): it belongs to its uploader and expires
 * after 24 hours unless the record claims it (enrolment, a record update) or
 * it is attached to a patient directly. Once attached it belongs to that one
 * patient for good. Deletion is soft: the row and its content are kept for
 * the record's history and the audit; nobody downloads a deleted file.
 * The content lives in the file store under `storageKey`, never in the row.
 */
import { sql } from "drizzle-orm";
import { bigint, check, index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { cpmsSchema } from "../pg-schema.ts";

/** "panel_file": attached to a panel contribution or message — it belongs to the panel's patient but is not in their record's attachments. */
export const FILE_KINDS = ["attachment", "consent_form", "panel_file"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const ATTACHMENT_CATEGORIES = ["report", "image", "genetic_report", "consent_form", "other"] as const;
export type AttachmentCategory = (typeof ATTACHMENT_CATEGORIES)[number];

export const files = cpmsSchema.table(
  "files",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerSub: text().notNull(),
    ownerName: text().notNull().default(""),
    patientId: uuid(),
    kind: text({ enum: FILE_KINDS }).notNull().default("attachment"),
    category: text({ enum: ATTACHMENT_CATEGORIES }).notNull().default("other"),
    title: text().notNull().default(""),
    name: text().notNull(),
    type: text().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A staged upload's end; null once attached to a patient. */
    expiresAt: timestamp({ withTimezone: true }),
    attachedAt: timestamp({ withTimezone: true }),
    attachedBySub: text(),
    deletedAt: timestamp({ withTimezone: true }),
    deletedBySub: text(),
    deletedReason: text(),
  },
  (t) => [
    index().on(t.patientId, t.createdAt),
    index().on(t.expiresAt).where(sql`${t.patientId} is null`),
    check("files_staged_or_attached", sql`(${t.patientId} is null) = (${t.attachedAt} is null)`),
    check("files_staged_expire", sql`${t.patientId} is not null or ${t.expiresAt} is not null`),
  ],
);
