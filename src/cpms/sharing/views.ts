/* What leaves the server of a share. */
import type { ShareView } from "./schemas.ts";
import type { patientShares } from "./tables.ts";

export function shareView(row: typeof patientShares.$inferSelect): ShareView {
  return {
    id: row.id,
    kind: row.kind,
    targetId: (row.kind === "user" ? row.targetSub : row.targetProviderId) ?? "",
    targetName: row.targetName,
    ernCode: row.ernCode,
    reason: row.reason,
    sharedByName: row.sharedByName,
    sharedAt: row.sharedAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedByName: row.revokedByName,
    revokeReason: row.revokeReason,
  };
}
