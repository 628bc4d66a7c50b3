/*
 * The approvers' side (contract.ts): the queue, decisions one by one or in
 * bulk; and the daily digest's timer. Who may see and decide what is
 * scope.ts's answer, asked on every request.
 */
import { Forbidden } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { originOf } from "../requests/origin.ts";
import { requireUser } from "../session.ts";
import { decide } from "./decide.ts";
import { startDigestTimer } from "./digest.ts";
import { listQueue } from "./queue.ts";
import { DecisionBody, QueueQuery } from "./schemas.ts";
import { approverScope } from "./scope.ts";

const NOT_AN_APPROVER = "Only the coordinators and helpdesks who approve access requests see this list.";

export async function approvalRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;

  app.get("/api/approvals", { schema: { querystring: QueueQuery } }, async (request) => {
    const user = await requireUser(request);
    const scope = await approverScope(db, user);
    if (!scope) throw new Forbidden(NOT_AN_APPROVER);
    return listQueue(db, scope, user.sub, request.query, { now: new Date(), targetHours: config.approvals.targetHours });
  });

  app.post("/api/approvals/decisions", { schema: { body: DecisionBody }, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (request) => {
    const user = await requireUser(request);
    const decided = await db.transaction(async (tx) => decide(tx, config, originOf(request), user, await approverScope(tx, user), request.body));
    const outcome = request.body.decision === "approve" ? "approved" : "rejected";
    const message =
      decided.length === 1
        ? `The request is ${outcome}; the requester is notified by e-mail.`
        : `${decided.length} requests are ${outcome}; the requesters are notified by e-mail.`;
    return { decided, message };
  });

  startDigestTimer(app);
}
