/*
 * The requester's side (contract.ts): submit a request, see one's requests
 * and rights, withdraw, ask for deletion, a right's history; and /api/me.
 * Every route needs a signed-in user; a right that is not the user's (or,
 * for its history, not in their approver scope) is "Not found or no access".
 */
import { asc, eq } from "drizzle-orm";
import type { Me, RightEventView } from "../contract.ts";
import { Conflict, NotFound } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { approverScope, coversErn } from "../approvals/scope.ts";
import { requireUser } from "../session.ts";
import { isUniqueViolation, originOf } from "./origin.ts";
import { DeletionBody, NewRequestBody, RightParams } from "./schemas.ts";
import { submitRequest } from "./submit.ts";
import { rightEvents, rights } from "./tables.ts";
import type { Right } from "./transitions.ts";
import { findRightViews, isUuid } from "./views.ts";
import { requestDeletion, withdrawRequest } from "./withdraw.ts";

const writes = { rateLimit: { max: 60, timeWindow: 60_000 } };

export async function requestRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;

  const viewOf = async (right: Right) => (await findRightViews(db, eq(rights.id, right.id)))[0];

  app.post("/api/requests", { schema: { body: NewRequestBody }, config: writes }, async (request, reply) => {
    const user = await requireUser(request);
    try {
      const submitted = await db.transaction((tx) => submitRequest(tx, config, originOf(request), user, request.body));
      const message =
        "Your request is submitted. A request to get access to an application is validated by the administrators, by hand; you will be notified by e-mail once it is decided.";
      return reply.status(201).send({ submissionId: submitted[0].submissionId, rights: submitted, message });
    } catch (error) {
      if (isUniqueViolation(error)) throw new Conflict("You have just asked for one of these access profiles at this organisation. Reload the page to see it.");
      throw error;
    }
  });

  app.get("/api/rights", async (request) => {
    const user = await requireUser(request);
    const own = await findRightViews(db, eq(rights.sub, user.sub));
    own.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt) || a.profile.name.localeCompare(b.profile.name));
    return { rights: own };
  });

  app.post("/api/rights/:id/withdraw", { schema: { params: RightParams }, config: writes }, async (request) => {
    const user = await requireUser(request);
    const right = await viewOf(await db.transaction((tx) => withdrawRequest(tx, originOf(request), user, request.params.id)));
    return { right, message: `Your request for ${right.profile.name} at ${right.organisation.label} is withdrawn.` };
  });

  app.post("/api/rights/:id/deletion", { schema: { params: RightParams, body: DeletionBody }, config: writes }, async (request) => {
    const user = await requireUser(request);
    const reason = request.body.reason?.trim() || null;
    const right = await viewOf(await db.transaction((tx) => requestDeletion(tx, originOf(request), user, request.params.id, reason)));
    return {
      right,
      message: `Your request to remove ${right.profile.name} at ${right.organisation.label} is submitted. You keep it until an approver decides.`,
    };
  });

  app.get("/api/rights/:id/history", { schema: { params: RightParams } }, async (request) => {
    const user = await requireUser(request);
    const { id } = request.params;
    const [right] = isUuid(id) ? await findRightViews(db, eq(rights.id, id)) : [];
    if (!right) throw new NotFound();
    if (right.requester.sub !== user.sub && !coversErn(await approverScope(db, user), right.organisation.ernCode)) throw new NotFound();
    const rows = await db.select().from(rightEvents).where(eq(rightEvents.rightId, id)).orderBy(asc(rightEvents.at), asc(rightEvents.id));
    const events: RightEventView[] = rows.map((row) => ({
      at: row.at.toISOString(),
      actorName: row.actorName,
      action: row.action,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      reason: row.reason,
    }));
    return { right, events };
  });

  app.get("/api/me", async (request): Promise<Me> => {
    const user = await requireUser(request);
    return {
      user: { sub: user.sub, name: user.name, email: user.email, acr: user.acr, amr: user.amr, authTime: user.authTime?.toISOString() ?? null },
      approver: await approverScope(db, user),
    };
  });
}
