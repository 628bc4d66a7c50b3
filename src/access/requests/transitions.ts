/*
 * Every change of a right's status goes through here, in the caller's
 * transaction:
 * - the rows are read with SELECT … FOR UPDATE (in id order, so two
 *   transactions locking several rights cannot deadlock) and the caller
 *   re-checks the status it expects on the locked row;
 * - the change writes the right, a right_events row (its history) and the
 *   change applications are told of (recordRightChange), together.
 * The lifecycle (requests/tables.ts):
 *   requested → granted | rejected | withdrawn
 *   granted → deletion_requested → revoked, or back to granted
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { recordRightChange } from "../api/events.ts";
import { type RightStatus, rightEvents, rights } from "./tables.ts";

export type Right = typeof rights.$inferSelect;
/** Who acts: a signed-in user, or nobody for the system's own changes (demo data). */
export type Actor = { sub: string | null; name: string };

export const ALLOWED_MOVES: Record<RightStatus, readonly RightStatus[]> = {
  requested: ["granted", "rejected", "withdrawn"],
  granted: ["deletion_requested", "revoked"],
  deletion_requested: ["revoked", "granted"],
  rejected: [],
  withdrawn: [],
  revoked: [],
};

export async function lockRights(tx: Db, ids: string[]): Promise<Right[]> {
  if (ids.length === 0) return [];
  return tx.select().from(rights).where(inArray(rights.id, ids)).orderBy(asc(rights.id)).for("update");
}

/** The event written when a right is created (submission, demo data). */
export async function recordCreation(tx: Db, right: Right, actor: Actor, action: string): Promise<void> {
  await tx
    .insert(rightEvents)
    .values({ rightId: right.id, at: right.requestedAt, actorSub: actor.sub, actorName: actor.name, action, fromStatus: null, toStatus: right.status });
  await recordRightChange(tx, { rightId: right.id, sub: right.sub, applicationId: right.applicationId, from: null, to: right.status });
}

type Move = {
  to: RightStatus;
  actor: Actor;
  /** Shown in the right's history: "Request approved", "Deletion requested", … */
  action: string;
  reason?: string | null;
  /** An approver's decision: stamped on the right (who, when, why). */
  isDecision?: boolean;
  at?: Date;
};

/** Moves a locked right to a new status; the caller has checked the move is the one it means. */
export async function moveRight(tx: Db, right: Right, move: Move): Promise<Right> {
  if (!ALLOWED_MOVES[right.status].includes(move.to)) throw new Error(`A right cannot go from ${right.status} to ${move.to}.`);
  const at = move.at ?? new Date();
  const decision = move.isDecision ? { decidedBySub: move.actor.sub, decidedByName: move.actor.name, decidedAt: at, decisionReason: move.reason ?? null } : {};
  const [moved] = await tx
    .update(rights)
    .set({ status: move.to, updatedAt: at, ...decision })
    .where(eq(rights.id, right.id))
    .returning();
  await tx.insert(rightEvents).values({
    rightId: right.id,
    at,
    actorSub: move.actor.sub,
    actorName: move.actor.name,
    action: move.action,
    fromStatus: right.status,
    toStatus: move.to,
    reason: move.reason ?? null,
  });
  await recordRightChange(tx, { rightId: right.id, sub: right.sub, applicationId: right.applicationId, from: right.status, to: move.to });
  return moved;
}

/** The words for a status in messages to people. */
export const STATUS_WORDS: Record<RightStatus, string> = {
  requested: "requested",
  granted: "granted",
  rejected: "rejected",
  withdrawn: "withdrawn",
  deletion_requested: "deletion requested",
  revoked: "revoked",
};
