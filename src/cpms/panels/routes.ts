/*
 * The panels' routes (contract.ts, "Panels"): start a panel on a patient,
 * the patient's panels, my panels, the panel's page, change, delete, open.
 * Each route parses (schemas.ts), finds the user's place (requirePanelAccess
 * or the patients' access policy: 404 "Not found or no access." for anyone
 * else) and calls a domain function; a write is one transaction with its
 * audit event and notices, the panel row locked.
 */
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { type CpmsUser, requireMember } from "../authorizations/memberships.ts";
import { requirePatientAccess } from "../patients/access-policy.ts";
import { auditPatient, isUuid } from "../patients/record-store.ts";
import { listPanels, patientPanels } from "./list.ts";
import { type PanelNeed, requirePanelAccess } from "./panel-access.ts";
import { changePanel, deletePanel, openPanel, startPanel } from "./panel-lifecycle.ts";
import { panelView } from "./panel-view.ts";
import { NewPanelBody, PanelChangesBody, PanelListQuery, PanelParams, PatientParams } from "./schemas.ts";

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export const writes = { rateLimit: { max: 60, timeWindow: 60_000 } };

/** The panel's view after a change, for the answer: it shows patient data again, so it is audited as a read too. */
export async function viewAfterChange(tx: Db, request: FastifyRequest, user: CpmsUser, panelId: string, need: PanelNeed = "invitation") {
  const access = await requirePanelAccess(tx, user, panelId, need);
  return panelView(tx, originOf(request), user, access);
}

export async function panelRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;

  app.post("/api/patients/:id/panels", { schema: { params: PatientParams, body: NewPanelBody }, config: writes }, async (request, reply) => {
    const user = await requireMember(request);
    if (!isUuid(request.params.id)) throw new NotFound();
    const panel = await db.transaction(async (tx) => {
      const access = await requirePatientAccess(tx, user, request.params.id.toLowerCase(), "write");
      const created = await startPanel(tx, originOf(request), user, access, request.body);
      return viewAfterChange(tx, request, user, created.id);
    });
    return reply.status(201).send({ panel, message: `Panel ${panel.reference} is created as a draft: invite its members, then open it.` });
  });

  app.get("/api/patients/:id/panels", { schema: { params: PatientParams } }, async (request) => {
    const user = await requireMember(request);
    if (!isUuid(request.params.id)) throw new NotFound();
    return db.transaction(async (tx) => {
      const access = await requirePatientAccess(tx, user, request.params.id.toLowerCase(), "read");
      await auditPatient(tx, originOf(request), user, access.patientId, "patient.panels_read", { reason: access.reason, purpose: "read" });
      return { panels: await patientPanels(tx, user, access.patientId) };
    });
  });

  app.get("/api/panels", { schema: { querystring: PanelListQuery } }, async (request) => {
    const user = await requireMember(request);
    return listPanels(db, user, request.query);
  });

  app.get("/api/panels/:id", { schema: { params: PanelParams } }, async (request) => {
    const user = await requireMember(request);
    const panel = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "invitation");
      return panelView(tx, originOf(request), user, access);
    });
    return { panel };
  });

  app.patch("/api/panels/:id", { schema: { params: PanelParams, body: PanelChangesBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const panel = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "manage", { lock: true });
      await changePanel(tx, originOf(request), user, access, request.body);
      return viewAfterChange(tx, request, user, access.panel.id);
    });
    return { panel, message: "The panel is saved." };
  });

  app.delete("/api/panels/:id", { schema: { params: PanelParams }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const reference = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "lead", { lock: true });
      await deletePanel(tx, originOf(request), user, access);
      return access.panel.reference;
    });
    return { message: `The draft panel ${reference} is deleted.` };
  });

  app.post("/api/panels/:id/open", { schema: { params: PanelParams }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const { panel, sent } = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "manage", { lock: true });
      const sent = await openPanel(tx, originOf(request), config.urls.cpms, user, access);
      return { panel: await viewAfterChange(tx, request, user, access.panel.id), sent };
    });
    const told = sent === 0 ? "" : sent === 1 ? " The invitation is sent." : ` ${sent} invitations are sent.`;
    return { panel, message: `Panel ${panel.reference} is open.${told}` };
  });
}
