/*
 * Files members attach to a contribution or a message: staged uploads
 * (POST /api/uploads, kind "panel_file") of the acting user, claimed for the
 * panel in the caller's transaction — they then belong to the panel's
 * patient (kind "panel_file": not in the record's attachments) and are
 * listed in panel_files (source "contribution"). Placeholder seam: filled
 * in with the panels feature.
 */
import type { Db } from "../../platform/db/database.ts";
import type { PanelRow } from "./panel-access.ts";

/** Claims the user's staged uploads `fileIds` for the panel (ids already the panel's pass through); 400 on `field` for any other id. Returns the ids. */
export async function claimPanelFiles(
  _tx: Db,
  _panel: Pick<PanelRow, "id" | "patientId">,
  _user: { sub: string; name: string },
  fileIds: string[],
  _field = "attachmentIds",
): Promise<string[]> {
  return fileIds;
}
