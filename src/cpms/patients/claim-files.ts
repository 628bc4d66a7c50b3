/*
 * Files a record or a consent names: each must be the user's own staged
 * upload (not expired, not deleted) or already attached to this patient;
 * staged ones become the patient's for good. An unknown id, someone else's
 * upload, another patient's file or a panel's file is refused on its field,
 * so a record never points at a file it may not show.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { BadRequest, type FieldError } from "../../platform/http/errors.ts";
import { files } from "../files/tables.ts";

export async function claimFiles(
  tx: Db,
  actor: { sub: string },
  patientId: string,
  wanted: { field: string; fileId: string }[],
  now = new Date(),
): Promise<void> {
  if (wanted.length === 0) return;
  const ids = [...new Set(wanted.map((item) => item.fileId.toLowerCase()))];
  const rows = await tx.select().from(files).where(inArray(files.id, ids)).for("update");
  const byId = new Map(rows.map((row) => [row.id, row]));
  const errors: FieldError[] = [];
  const staged: string[] = [];
  for (const { field, fileId } of wanted) {
    const file = byId.get(fileId.toLowerCase());
    const isOwnStaged = file && file.patientId === null && file.ownerSub === actor.sub && file.expiresAt !== null && file.expiresAt > now;
    const isThisPatients = file && file.patientId === patientId;
    // A panel's file (a contribution's attachment) is the panel's, never the record's.
    if (!file || file.deletedAt !== null || file.kind === "panel_file" || (!isOwnStaged && !isThisPatients)) {
      errors.push({ field, detail: "This file is not among your uploads: upload it again." });
    } else if (isOwnStaged) staged.push(file.id);
  }
  if (errors.length) throw new BadRequest(errors.length === 1 ? errors[0].detail : "Please check the highlighted fields.", errors);
  if (staged.length) {
    await tx
      .update(files)
      .set({ patientId, attachedAt: now, attachedBySub: actor.sub, expiresAt: null })
      .where(and(inArray(files.id, staged), eq(files.ownerSub, actor.sub)));
  }
}
