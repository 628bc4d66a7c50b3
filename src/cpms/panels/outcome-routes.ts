/*
 * The outcome routes (contract.ts, "Outcome"): parse, find the panel and
 * the user's place in it (panel-access.ts: 404 "Not found or no access."
 * for anyone who may not see it), then one transaction on the locked panel
 * row for each change — the domain functions (outcome.ts,
 * outcome-signing.ts, outcome-pdf.ts) check the status and the rules,
 * audit and notify in it. Writes are rate limited.
 */
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Server } from "../../platform/http/server.ts";
import { type CpmsUser, requireMember } from "../authorizations/memberships.ts";
import { requirePatientAccess } from "../patients/access-policy.ts";
import { agree, backToContributions, draftFromContributions, requestAgreement, saveOutcome } from "./outcome.ts";
import { downloadOutcomePdf, requireOutcomeReader } from "./outcome-pdf.ts";
import { AgreementBody, CloseBody, OutcomeBody, PanelParams, PatientParams, ReopenBody } from "./outcome-schemas.ts";
import { closePanel, patientOutcomes, reopenPanel, signOutcome } from "./outcome-signing.ts";
import { type PanelAccess, type PanelNeed, type PanelRow, requirePanelAccess } from "./panel-access.ts";
import { panelView } from "./panel-view.ts";

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export async function outcomeRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;
  const writes = { rateLimit: { max: 60, timeWindow: 60_000 } };
  const cpmsUrl = config.urls.cpms;

  /** Runs `change` on the locked panel and answers the panel as the user now sees it. */
  const changePanel = async (
    request: FastifyRequest,
    panelId: string,
    need: PanelNeed,
    change: (tx: Db, user: CpmsUser, access: PanelAccess) => Promise<PanelRow>,
  ) => {
    const user = await requireMember(request);
    return db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, panelId, need, { lock: true });
      const panel = await change(tx, user, access);
      return panelView(tx, originOf(request), user, { ...access, panel });
    });
  };

  app.get("/api/panels/:id/outcome/draft", { schema: { params: PanelParams } }, async (request) => {
    const user = await requireMember(request);
    const outcome = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "manage");
      return draftFromContributions(tx, originOf(request), user, access);
    });
    return { outcome };
  });

  app.put("/api/panels/:id/outcome", { schema: { params: PanelParams, body: OutcomeBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const outcome = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "manage", { lock: true });
      return saveOutcome(tx, originOf(request), user, access, request.body);
    });
    return { outcome, message: `The outcome is saved (revision ${outcome.revision}).` };
  });

  app.post("/api/panels/:id/outcome/agreement-request", { schema: { params: PanelParams }, config: writes }, async (request) => {
    const panel = await changePanel(request, request.params.id, "manage", (tx, user, access) => requestAgreement(tx, originOf(request), cpmsUrl, user, access));
    return { panel, message: "The members are asked to agree with the outcome. Contributions are closed." };
  });

  app.post("/api/panels/:id/outcome/back", { schema: { params: PanelParams }, config: writes }, async (request) => {
    const panel = await changePanel(request, request.params.id, "manage", (tx, user, access) => backToContributions(tx, originOf(request), user, access));
    return { panel, message: "The panel is open for contributions again." };
  });

  app.post("/api/panels/:id/outcome/agreement", { schema: { params: PanelParams, body: AgreementBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const outcome = await db.transaction(async (tx) => {
      const access = await requirePanelAccess(tx, user, request.params.id, "member", { lock: true });
      return agree(tx, originOf(request), cpmsUrl, user, access, request.body);
    });
    return { outcome, message: request.body.agrees ? "You agree with the outcome." : "You do not agree with the outcome: the lead is told." };
  });

  app.post("/api/panels/:id/outcome/sign", { schema: { params: PanelParams }, config: writes }, async (request) => {
    const panel = await changePanel(request, request.params.id, "member", (tx, user, access) => signOutcome(tx, originOf(request), cpmsUrl, user, access));
    return { panel, message: "The outcome is signed. You can now close the panel." };
  });

  // The confirmation is optional: a close sent with no body at all is read as {}.
  const noBodyIsEmpty = async (request: FastifyRequest) => {
    request.body ??= {};
  };
  app.post("/api/panels/:id/close", { schema: { params: PanelParams, body: CloseBody }, config: writes, preValidation: noBodyIsEmpty }, async (request) => {
    const panel = await changePanel(request, request.params.id, "manage", (tx, user, access) =>
      closePanel(tx, originOf(request), cpmsUrl, user, access, request.body ?? {}),
    );
    return { panel, message: "The panel is closed. Its signed outcome stays with the patient." };
  });

  app.post("/api/panels/:id/reopen", { schema: { params: PanelParams, body: ReopenBody }, config: writes }, async (request) => {
    const panel = await changePanel(request, request.params.id, "member", (tx, user, access) =>
      reopenPanel(tx, originOf(request), cpmsUrl, user, access, request.body.reason),
    );
    return { panel, message: "The panel is open again. Its signed outcome is superseded: write and sign a new one." };
  });

  app.get("/api/panels/:id/outcome.pdf", { schema: { params: PanelParams } }, async (request, reply) => {
    const user = await requireMember(request);
    const pdf = await db.transaction(async (tx) => {
      const reader = await requireOutcomeReader(tx, user, request.params.id);
      return downloadOutcomePdf(tx, originOf(request), user, reader);
    });
    return reply
      .header("content-type", "application/pdf")
      .header("content-disposition", `attachment; filename="${pdf.fileName}"`)
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "private, no-store")
      .header("cross-origin-resource-policy", "same-origin")
      .send(Buffer.from(pdf.bytes));
  });

  app.get("/api/patients/:id/panel-outcomes", { schema: { params: PatientParams } }, async (request) => {
    const user = await requireMember(request);
    const outcomes = await db.transaction(async (tx) => {
      const access = await requirePatientAccess(tx, user, request.params.id.toLowerCase(), "read");
      return patientOutcomes(tx, originOf(request), user, access);
    });
    return { outcomes };
  });
}
