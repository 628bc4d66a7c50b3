/*
 * Changes of rights that applications are told of: every status change of a
 * right is recorded here, in the transaction that makes it, and becomes a
 * signed webhook delivery for each API client of the right's application
 * that has a webhook URL (api/tables.ts), sent later by the delivery loop
 * (webhook-delivery.ts). The notice carries no profile or organisation:
 * applications re-read the user's authorizations over the API, so a stale
 * or reordered notice can never grant anything.
 */
import { and, arrayContains, isNotNull } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import type { RightStatus } from "../requests/tables.ts";
import { apiClients, webhookDeliveries } from "./tables.ts";

export type RightChange = {
  rightId: string;
  sub: string;
  applicationId: string;
  from: RightStatus | null;
  to: RightStatus;
};

export const AUTHORIZATION_CHANGED = "authorization.changed";

/** The JSON body of a delivery. */
export type AuthorizationChanged = {
  type: typeof AUTHORIZATION_CHANGED;
  timestamp: string;
  data: { rightId: string; sub: string; application: string; previousStatus: RightStatus | null; status: RightStatus; at: string };
};

export async function recordRightChange(tx: Db, change: RightChange): Promise<void> {
  const subscribers = await tx
    .select({ clientId: apiClients.clientId })
    .from(apiClients)
    .where(and(arrayContains(apiClients.applications, [change.applicationId]), isNotNull(apiClients.webhookUrl)));
  if (subscribers.length === 0) return;
  const at = new Date().toISOString();
  const payload: AuthorizationChanged = {
    type: AUTHORIZATION_CHANGED,
    timestamp: at,
    data: { rightId: change.rightId, sub: change.sub, application: change.applicationId, previousStatus: change.from, status: change.to, at },
  };
  await tx.insert(webhookDeliveries).values(subscribers.map(({ clientId }) => ({ clientId, eventType: AUTHORIZATION_CHANGED, payload })));
}
