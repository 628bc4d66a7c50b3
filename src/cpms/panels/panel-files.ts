/*
 * The files a panel holds: the patient's attachments the lead shared
 * (source "record") and the files members attach to contributions or
 * messages (source "contribution").
 *
 * - a member's attachment starts as their own staged upload (POST
 *   /api/uploads, kind "panel_file"), claimed in the caller's transaction:
 *   it then belongs to the panel's patient as kind "panel_file" — never in
 *   the record's attachments — and is listed in panel_files;
 * - an id already in this panel's files passes; anything else (an unknown
 *   id, someone else's upload, an expired one, another patient's or another
 *   panel's file, a record attachment the panel does not share) is refused
 *   on its field, so a panel never points at a file its members may not see;
 * - a file is reached only through the panel that holds it (by panel id AND
 *   file id), and never once deleted; the files of other members'
 *   unsubmitted drafts are left out by the callers (othersDraftFileIds).
 */
import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { members } from "../authorizations/tables.ts";
import { files } from "../files/tables.ts";
import type { PanelFileView } from "./contract.ts";
import type { PanelRow } from "./panel-access.ts";
import { panelFiles } from "./tables.ts";

const NOT_YOURS = "This file is not among your uploads: upload it again.";

/** Claims the user's staged uploads `fileIds` for the panel (ids already the panel's pass through); 400 on `field` for any other id. Returns the ids. */
export async function claimPanelFiles(
  tx: Db,
  panel: Pick<PanelRow, "id" | "patientId">,
  user: { sub: string; name: string },
  fileIds: string[],
  field = "attachmentIds",
  now = new Date(),
): Promise<string[]> {
  const ids = [...new Set(fileIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return [];
  if (ids.some((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))) throw new InvalidField(field, NOT_YOURS);
  const held = await tx
    .select({ fileId: panelFiles.fileId })
    .from(panelFiles)
    .innerJoin(files, eq(files.id, panelFiles.fileId))
    .where(and(eq(panelFiles.panelId, panel.id), inArray(panelFiles.fileId, ids), isNull(files.deletedAt)));
  const heldIds = new Set(held.map((row) => row.fileId));
  const toClaim = ids.filter((id) => !heldIds.has(id));
  if (toClaim.length === 0) return ids;
  const staged = await tx
    .select({ id: files.id })
    .from(files)
    .where(and(inArray(files.id, toClaim), isNull(files.patientId), eq(files.ownerSub, user.sub), isNull(files.deletedAt), gt(files.expiresAt, now)))
    .for("update");
  if (staged.length !== toClaim.length) throw new InvalidField(field, NOT_YOURS);
  await tx
    .update(files)
    .set({ patientId: panel.patientId, kind: "panel_file", attachedAt: now, attachedBySub: user.sub, expiresAt: null })
    .where(and(inArray(files.id, toClaim), isNull(files.patientId), eq(files.ownerSub, user.sub)));
  await tx
    .insert(panelFiles)
    .values(toClaim.map((fileId) => ({ panelId: panel.id, fileId, source: "contribution" as const, addedBySub: user.sub, addedAt: now })));
  return ids;
}

/** The panel's files (all, or those of `fileIds`), not deleted, shared record files first, each once. */
export async function panelFileViews(tx: Db, panelId: string, fileIds?: string[]): Promise<PanelFileView[]> {
  if (fileIds && fileIds.length === 0) return [];
  const rows = await tx
    .select({
      id: files.id,
      name: files.name,
      title: files.title,
      type: files.type,
      size: files.size,
      source: panelFiles.source,
      addedByName: sql<string>`coalesce(${members.name}, ${files.ownerName})`,
    })
    .from(panelFiles)
    .innerJoin(files, eq(files.id, panelFiles.fileId))
    .leftJoin(members, eq(members.sub, panelFiles.addedBySub))
    .where(and(eq(panelFiles.panelId, panelId), isNull(files.deletedAt), fileIds ? inArray(panelFiles.fileId, fileIds) : undefined))
    // "record" sorts after "contribution": descending puts the shared record files first.
    .orderBy(desc(panelFiles.source), panelFiles.addedAt, files.name);
  return rows;
}

/** The panel's file `fileId`, not deleted; null when the panel does not hold it. */
export async function panelFile(tx: Db, panelId: string, fileId: string) {
  const [row] = await tx
    .select({ file: files, source: panelFiles.source })
    .from(panelFiles)
    .innerJoin(files, eq(files.id, panelFiles.fileId))
    .where(and(eq(panelFiles.panelId, panelId), eq(panelFiles.fileId, fileId), isNull(files.deletedAt)));
  return row ?? null;
}
