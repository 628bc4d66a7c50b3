/*
 * The members' routes (contract.ts, "Members"): suggestions and
 * invitations (lead or panel manager), the invitee's answer, removal.
 * Anyone without a place in the panel gets 404 "Not found or no access.";
 * each write is one transaction, the panel row locked, with its audit
 * events and notices (members.ts).
 */
import type { Server } from "../../platform/http/server.ts";
import { requireMember } from "../authorizations/memberships.ts";
import { answerInvitation, inviteMembers, removeMember, suggestMembers } from "./members.ts";
import { requirePanelAccess } from "./panel-access.ts";
import { originOf, viewAfterChange, writes } from "./routes.ts";
import { InvitationAnswerBody, InvitationBody, MemberParams, MemberRemovalBody, PanelParams, SuggestionsQuery } from "./schemas.ts";

export async function memberRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;

  app.get("/api/panels/:id/suggestions", { schema: { params: PanelParams, querystring: SuggestionsQuery } }, async (request) => {
    const user = await requireMember(request);
    const access = await requirePanelAccess(db, user, request.params.id, "manage");
    return { suggestions: await suggestMembers(db, access, request.query.ern) };
  });

  app.post("/api/panels/:id/members", { schema: { params: PanelParams, body: InvitationBody }, config: writes }, async (request, reply) => {
    const user = await requireMember(request);
    const { members, draft } = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "manage", { lock: true });
      const members = await inviteMembers(tx, originOf(request), config.urls.cpms, user, access, request.body);
      return { members, draft: access.panel.status === "draft" };
    });
    const names = members.map((m) => m.name).join(", ");
    const when = draft ? "They will be told when the panel opens." : "They are told by mail and in CPMS.";
    return reply.status(201).send({ members, message: `Invited: ${names}. ${when}` });
  });

  app.post("/api/panels/:id/invitation", { schema: { params: PanelParams, body: InvitationAnswerBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const { panel, status } = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "invitation", { lock: true });
      const status = await answerInvitation(tx, originOf(request), config.urls.cpms, user, access, request.body);
      return { panel: status === "accepted" ? await viewAfterChange(tx, request, user, access.panel.id) : null, status };
    });
    const message = status === "accepted" ? "You are a member of the panel: its data is open to you." : "You declined the invitation. The lead is told.";
    return { panel, message };
  });

  app.delete("/api/panels/:id/members/:sub", { schema: { params: MemberParams, body: MemberRemovalBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const name = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "manage", { lock: true });
      return removeMember(tx, originOf(request), config.urls.cpms, user, access, request.params.sub, request.body.reason);
    });
    return { message: `${name} is removed from the panel and no longer sees it.` };
  });
}
