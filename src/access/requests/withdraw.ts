/*
 * The requester withdraws a pending request, or asks for a granted right
 * to be removed ("deletion requested", decided by an approver):
 * - only the right's holder; anyone else's id is "Not found or no access";
 * - the right is locked and its status re-checked, so a decision racing
 *   the requester is seen;
 * - history, the change for applications and the audit in the same
 *   transaction.
 */
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, NotFound } from "../../platform/http/errors.ts";
import type { SignedInUser } from "../../platform/http/oidc-sign-in.ts";
import { auditEvents } from "../pg-schema.ts";
import { auditedPeople } from "./origin.ts";
import type { RightStatus } from "./tables.ts";
import { lockRights, moveRight, type Right, STATUS_WORDS } from "./transitions.ts";
import { isUuid } from "./views.ts";

async function lockOwnRight(tx: Db, user: SignedInUser, id: string, expected: RightStatus, refusal: string): Promise<Right> {
  const [right] = isUuid(id) ? await lockRights(tx, [id]) : [];
  if (!right || right.sub !== user.sub) throw new NotFound();
  if (right.status !== expected) throw new Conflict(`${refusal} This one is ${STATUS_WORDS[right.status]}.`);
  return right;
}

export async function withdrawRequest(tx: Db, origin: RequestOrigin, user: SignedInUser, id: string): Promise<Right> {
  const right = await lockOwnRight(tx, user, id, "requested", "Only a request that waits for a decision can be withdrawn.");
  const moved = await moveRight(tx, right, { to: "withdrawn", actor: { sub: user.sub, name: user.name }, action: "Request withdrawn" });
  const { details, ...people } = auditedPeople(user.sub);
  await audit(tx, auditEvents, origin, { type: "access.request_withdrawn", ...people, details: { ...details, rightId: right.id } });
  return moved;
}

export async function requestDeletion(tx: Db, origin: RequestOrigin, user: SignedInUser, id: string, reason: string | null): Promise<Right> {
  const right = await lockOwnRight(tx, user, id, "granted", "Only an access profile you hold can be removed.");
  const moved = await moveRight(tx, right, {
    to: "deletion_requested",
    actor: { sub: user.sub, name: user.name },
    action: "Deletion requested",
    reason,
  });
  const { details, ...people } = auditedPeople(user.sub);
  await audit(tx, auditEvents, origin, { type: "access.deletion_requested", ...people, details: { ...details, rightId: right.id, reason } });
  return moved;
}
