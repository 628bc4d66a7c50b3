/*
 * Changes of rights that applications are told of: every status change of a
 * right is recorded here, in the transaction that makes it, and becomes a
 * signed webhook delivery for each subscribed API client of the right's
 * application (api/tables.ts), sent later by the delivery loop.
 */
import type { Db } from "../../platform/db/database.ts";
import type { RightStatus } from "../requests/tables.ts";

export type RightChange = {
  rightId: string;
  sub: string;
  applicationId: string;
  from: RightStatus | null;
  to: RightStatus;
};

export async function recordRightChange(_tx: Db, _change: RightChange): Promise<void> {
  // Filled in by the authorizations API feature (webhook outbox).
}
