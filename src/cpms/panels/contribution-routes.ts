/*
 * Contributions, the discussion thread and reminders (contract.ts lists the
 * routes): each route parses its input, finds the panel and the user's
 * place in it (panel-access.ts: 404 "Not found or no access." for whoever
 * may not see it), and hands over to contributions.ts inside one
 * transaction holding the panel's row, so a change of status and a
 * contribution do not cross.
 */
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Server } from "../../platform/http/server.ts";
import { requireMember } from "../authorizations/memberships.ts";
import { ContributionBody, MessageBody, PanelParams } from "./contribution-schemas.ts";
import { postMessage, remind, saveContribution } from "./contributions.ts";
import { requirePanelAccess } from "./panel-access.ts";

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export async function contributionRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;
  const writes = { rateLimit: { max: 60, timeWindow: 60_000 } };

  app.put("/api/panels/:id/contribution", { schema: { params: PanelParams, body: ContributionBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    return db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "member", { lock: true });
      return saveContribution(tx, originOf(request), config.urls.cpms, user, access, request.body);
    });
  });

  app.post("/api/panels/:id/messages", { schema: { params: PanelParams, body: MessageBody }, config: writes }, async (request, reply) => {
    const user = await requireMember(request);
    const message = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "member", { lock: true });
      return postMessage(tx, originOf(request), config.urls.cpms, user, access, request.body);
    });
    return reply.status(201).send({ message });
  });

  app.post("/api/panels/:id/reminders", { schema: { params: PanelParams }, config: writes }, async (request) => {
    const user = await requireMember(request);
    return db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "manage", { lock: true });
      return remind(tx, originOf(request), config.urls.cpms, user, access);
    });
  });
}
