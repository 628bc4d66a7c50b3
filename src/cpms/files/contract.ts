/*
 * The files API, as the web pages use it. Every route needs a CPMS member;
 * the patient routes need the access policy's yes (read, or write to add
 * and delete), else 404 "Not found or no access.".
 *
 * POST /api/uploads (multipart: field "file", optional field "kind":
 *   "attachment" | "consent_form" | "panel_file") → 201 { file: FileView, message }.
 *   A staged upload: the uploader's only, for 24 hours, until a consent's
 *   formFileId or the record's attachments name it — or, kind "panel_file",
 *   a panel contribution or message (then never among the record's
 *   attachments: panels/contract.ts).
 * POST /api/patients/:id/attachments (multipart: "category" — see
 *   ATTACHMENT_CATEGORIES —, optional "title" of at most 200 characters,
 *   then "file") → 201 { attachment: FileView, version, message }; a new
 *   version of the record ("Attachments").
 * GET /api/patients/:id/attachments → { attachments: FileView[] }, newest first.
 * GET /api/patients/:id/attachments/:fileId → the file itself (download).
 * DELETE /api/patients/:id/attachments/:fileId → { version, message }; a new
 *   version of the record without it. A consent's signed form is not deleted (409).
 *
 * Refusals: 413 (larger than ATTACHMENT_MAX_MB), 400 on the field "file"
 * (content not accepted, or not matching the file's name or declared type,
 * empty, malformed upload), 409 (consent for care withdrawn: the record is
 * frozen). Nothing is kept from a refused upload.
 */
import type { AttachmentCategory, FileKind } from "./tables.ts";
import type { files } from "./tables.ts";

export type { AttachmentCategory, FileKind };

export type FileView = {
  id: string;
  kind: FileKind;
  category: AttachmentCategory;
  title: string;
  /** The file's name as uploaded, made safe. */
  name: string;
  /** The type checked from the content ("application/pdf", "image/png", …). */
  type: string;
  size: number;
  sha256: string;
  ownerName: string;
  createdAt: string;
  /** A staged upload's end (null once attached to a patient). */
  expiresAt: string | null;
};

export function fileView(row: typeof files.$inferSelect): FileView {
  return {
    id: row.id,
    kind: row.kind,
    category: row.category,
    title: row.title,
    name: row.name,
    type: row.type,
    size: row.size,
    sha256: row.sha256,
    ownerName: row.ownerName,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}
