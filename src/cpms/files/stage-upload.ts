/*
 * A staged upload (POST /api/uploads): a checked file that belongs to its
 * uploader only, until the record claims it (a consent's signed form, the
 * record's attachments: patients/claim-files.ts) or it expires, 24 hours
 * after upload, and is purged (purge-uploads.ts). Audited as "file.staged"
 * (no patient yet).
 */
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { auditActor } from "../authorizations/audit-actor.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { auditEvents } from "../pg-schema.ts";
import { type FileView, fileView } from "./contract.ts";
import type { KeptFile } from "./keep-file.ts";
import type { ReceivedUpload } from "./receive-upload.ts";
import { type FileKind, files } from "./tables.ts";

export const STAGED_HOURS = 24;

export async function stageUpload(
  tx: Db,
  origin: RequestOrigin,
  user: CpmsUser,
  received: ReceivedUpload,
  kept: KeptFile,
  kind: FileKind,
  now = new Date(),
): Promise<FileView> {
  const [row] = await tx
    .insert(files)
    .values({
      ownerSub: user.sub,
      ownerName: user.name,
      kind,
      category: kind === "consent_form" ? "consent_form" : "other",
      name: received.name,
      type: kept.checked.type,
      size: received.size,
      sha256: received.sha256,
      storageKey: kept.storageKey,
      createdAt: now,
      expiresAt: new Date(now.getTime() + STAGED_HOURS * 3600_000),
    })
    .returning();
  const actor = auditActor(user.sub);
  await audit(tx, auditEvents, origin, {
    type: "file.staged",
    actorId: actor.actorId,
    details: { ...actor.details, actorName: user.name, fileId: row.id, type: row.type, size: row.size, sha256: row.sha256 },
  });
  return fileView(row);
}
