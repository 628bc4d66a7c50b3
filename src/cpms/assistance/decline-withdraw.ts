/*
 * Ending a request without a panel, in the route's transaction, on the
 * locked request row while it still waits (409 once decided):
 * - decline: a Coordinator or Dispatcher of the ERN, with the reason the
 *   requester is told; the requester cannot decline their own request (403);
 * - withdraw: the requester only (403 for the handlers, who decline
 *   instead); the handlers see it leave the queue.
 * Both are audited on the patient.
 */
import { eq } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, Forbidden } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { notify } from "../notifications/notify.ts";
import { auditPatient } from "../patients/record-store.ts";
import { decidedWord, requireWaitingForHandler } from "./assign.ts";
import { type RequestRow, requireRequest } from "./requests.ts";
import { assistanceRequests } from "./tables.ts";

export async function declineRequest(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  id: string,
  reason: string,
  now = new Date(),
): Promise<RequestRow> {
  const row = await requireWaitingForHandler(tx, user, id);
  const why = reason.trim();
  const [request] = await tx
    .update(assistanceRequests)
    .set({ status: "declined", decidedAt: now, decidedBySub: user.sub, decidedByName: user.name, declineReason: why })
    .where(eq(assistanceRequests.id, row.id))
    .returning();
  await auditPatient(tx, origin, user, row.patientId, "assistance.declined", {
    purpose: "write",
    requestId: row.id,
    reference: row.reference,
    declineReason: why,
  });
  await notify(
    tx,
    cpmsUrl,
    [{ sub: row.requesterSub, email: row.requesterEmail }],
    {
      kind: "assistance.declined",
      title: `Your request ${row.reference} was declined`,
      body: `${user.name} declined your request to ${row.ernCode} about patient ${row.pseudonym}.`,
      detail: `Reason: ${why}`,
      link: `/assistance/${row.id}`,
    },
    user.sub,
  );
  return request;
}

export async function withdrawRequest(tx: Db, origin: RequestOrigin, user: CpmsUser, id: string, now = new Date()): Promise<RequestRow> {
  const { row } = await requireRequest(tx, user, id, { lock: true });
  if (row.requesterSub !== user.sub) throw new Forbidden("Only the clinician who asked can withdraw a request: decline it instead.");
  if (row.status !== "submitted") throw new Conflict(`Request ${row.reference} is already ${decidedWord(row)}: it can no longer be withdrawn.`);
  const [request] = await tx
    .update(assistanceRequests)
    .set({ status: "withdrawn", decidedAt: now, decidedBySub: user.sub, decidedByName: user.name })
    .where(eq(assistanceRequests.id, row.id))
    .returning();
  await auditPatient(tx, origin, user, row.patientId, "assistance.withdrawn", { purpose: "write", requestId: row.id, reference: row.reference });
  return request;
}
