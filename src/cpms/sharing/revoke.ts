/*
 * Revoking a share (DELETE /api/patients/:id/shares/:shareId { reason }):
 * only a user who may change the record; the share row is locked and must
 * still be open (an already revoked one is 409); it is stamped, not deleted,
 * and the recipient loses the patient with the commit. Audited
 * ("patient.share_revoked").
 */
import { and, eq } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, NotFound } from "../../platform/http/errors.ts";
import { auditActor } from "../authorizations/audit-actor.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import type { PatientAccess } from "../patients/access-policy.ts";
import { auditEvents } from "../pg-schema.ts";
import { patientShares } from "./tables.ts";
import { shareView } from "./views.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function revokeShare(tx: Db, origin: RequestOrigin, user: CpmsUser, access: PatientAccess, shareId: string, reason: string) {
  if (!UUID.test(shareId)) throw new NotFound();
  const [share] = await tx
    .select()
    .from(patientShares)
    .where(and(eq(patientShares.id, shareId), eq(patientShares.patientId, access.patientId)))
    .for("update");
  if (!share) throw new NotFound();
  if (share.revokedAt) throw new Conflict(`This share with ${share.targetName} was already revoked.`);
  const [revoked] = await tx
    .update(patientShares)
    .set({ revokedAt: new Date(), revokedBySub: user.sub, revokedByName: user.name, revokeReason: reason.trim() })
    .where(eq(patientShares.id, share.id))
    .returning();
  const actor = auditActor(user.sub);
  await audit(tx, auditEvents, origin, {
    type: "patient.share_revoked",
    actorId: actor.actorId,
    subjectId: access.patientId,
    details: {
      actorName: user.name,
      ...actor.details,
      reason: access.reason,
      purpose: "write",
      shareId,
      targetName: share.targetName,
      revokeReason: reason.trim(),
    },
  });
  return shareView(revoked);
}
