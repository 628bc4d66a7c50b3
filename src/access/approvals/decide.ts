/*
 * An approver's decision on one or several rights, all or nothing:
 * - a reason is required to reject (the requester is told it);
 * - every right is locked, then checked: it exists and its ERN is in the
 *   approver's scope (else "Not found or no access"), it is not the
 *   approver's own, it is pending — requested, or deletion requested; one
 *   failing refuses the lot and nothing is written;
 * - on a request, approve grants and reject rejects; on a deletion request,
 *   approve revokes the right and reject keeps it granted;
 * - each right's change is in its history, recorded for applications and
 *   audited, and its requester is mailed the decision.
 */
import { inArray } from "drizzle-orm";
import type { Decision, RightView } from "../contract.ts";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, Forbidden, InvalidField, NotFound } from "../../platform/http/errors.ts";
import type { SignedInUser } from "../../platform/http/oidc-sign-in.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { providers } from "../catalog/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { type RightStatus, rights } from "../requests/tables.ts";
import { auditedPeople } from "../requests/origin.ts";
import { lockRights, moveRight, STATUS_WORDS } from "../requests/transitions.ts";
import { findRightViews, isUuid } from "../requests/views.ts";
import { decisionMail } from "./mails.ts";
import { type ApproverScope, coversErn } from "./scope.ts";

const NOTHING_DECIDED = "Nothing was decided.";

const OUTCOMES = {
  requested: {
    approve: { to: "granted", action: "Request approved", audit: "access.request_approved" },
    reject: { to: "rejected", action: "Request rejected", audit: "access.request_rejected" },
  },
  deletion_requested: {
    approve: { to: "revoked", action: "Deletion approved", audit: "access.deletion_approved" },
    reject: { to: "granted", action: "Deletion rejected", audit: "access.deletion_rejected" },
  },
} as const satisfies Partial<Record<RightStatus, Record<Decision["decision"], { to: RightStatus; action: string; audit: string }>>>;

export async function decide(
  tx: Db,
  config: Config,
  origin: RequestOrigin,
  approver: SignedInUser,
  scope: ApproverScope | null,
  input: Decision,
): Promise<RightView[]> {
  const reason = input.reason?.trim() || null;
  if (input.decision === "reject" && !reason) throw new InvalidField("reason", "Give a reason to reject: the requester receives it by mail.");
  const ids = [...new Set(input.rightIds)];
  if (!scope || !ids.every(isUuid)) throw new NotFound(`Not found or no access. ${NOTHING_DECIDED}`);

  const locked = await lockRights(tx, ids);
  const ernOf = new Map(
    (
      await tx
        .select({ id: providers.id, ernCode: providers.ernCode })
        .from(providers)
        .where(
          inArray(
            providers.id,
            locked.map((right) => right.providerId),
          ),
        )
    ).map((row) => [row.id, row.ernCode]),
  );
  if (locked.length !== ids.length || locked.some((right) => !coversErn(scope, ernOf.get(right.providerId) ?? ""))) {
    throw new NotFound(`Not found or no access: one of the selected requests is not yours to decide. ${NOTHING_DECIDED}`);
  }
  if (locked.some((right) => right.sub === approver.sub)) throw new Forbidden(`You cannot decide your own request. ${NOTHING_DECIDED}`);
  const settled = locked.find((right) => right.status !== "requested" && right.status !== "deletion_requested");
  if (settled) {
    throw new Conflict(`The request of ${settled.requesterName} is already ${STATUS_WORDS[settled.status]}. ${NOTHING_DECIDED} Reload the list.`);
  }

  const actor = { sub: approver.sub, name: approver.name };
  const wasDeletion = new Map<string, boolean>();
  for (const right of locked) {
    const outcome = OUTCOMES[right.status as keyof typeof OUTCOMES][input.decision];
    wasDeletion.set(right.id, right.status === "deletion_requested");
    await moveRight(tx, right, { to: outcome.to, actor, action: outcome.action, reason, isDecision: true });
    const { details, ...people } = auditedPeople(approver.sub, right.sub);
    await audit(tx, auditEvents, origin, {
      type: outcome.audit,
      ...people,
      details: { ...details, rightId: right.id, from: right.status, to: outcome.to, reason },
    });
  }
  const decided = await findRightViews(tx, inArray(rights.id, ids));
  for (const right of decided) {
    if (right.requester.email) await enqueue(tx, outbox, decisionMail(config, right, wasDeletion.get(right.id) ?? false, input.decision, reason));
  }
  return decided;
}
