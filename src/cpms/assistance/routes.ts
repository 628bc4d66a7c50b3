/*
 * Requests for assistance over HTTP (contract.ts lists the routes): parse,
 * authorize, call the domain function in one transaction, answer.
 * - asking needs write access to the patient (access policy: 404 "Not
 *   found or no access." otherwise — a Researcher or an HP who may only
 *   read the patient cannot ask);
 * - the queue, the lead candidates and the decisions belong to the ERN's
 *   Coordinators and Dispatchers (404 for anyone else, a coordinator of
 *   another ERN too); a request is read by them or its requester;
 * - a handler opening a request is audited on the patient (it carries the
 *   clinical question).
 */
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { requireMember } from "../authorizations/memberships.ts";
import { requirePatientAccess } from "../patients/access-policy.ts";
import { auditPatient } from "../patients/record-store.ts";
import { assignRequest } from "./assign.ts";
import { declineRequest, withdrawRequest } from "./decline-withdraw.ts";
import { leadCandidates } from "./leads.ts";
import { ernQueue, handlesRequestsOf, myRequests, requestView, requireRequest } from "./requests.ts";
import { AssignBody, DeclineBody, ErnParams, LeadsQuery, NewRequestBody, PatientParams, QueueQuery, RequestParams } from "./schemas.ts";
import { submitRequest } from "./submit.ts";

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export async function assistanceRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;
  const writes = { rateLimit: { max: 30, timeWindow: 60_000 } };

  app.post("/api/patients/:id/assistance-requests", { schema: { params: PatientParams, body: NewRequestBody }, config: writes }, async (request, reply) => {
    const user = await requireMember(request);
    const row = await db.transaction(async (tx) => {
      const access = await requirePatientAccess(tx, user, request.params.id, "write");
      return submitRequest(tx, originOf(request), config.urls.cpms, user, access, request.body);
    });
    return reply.status(201).send({
      request: requestView(row),
      message: `Your request ${row.reference} is sent to ${row.ernCode}: its coordinators will assign a panel lead or answer you.`,
    });
  });

  app.get("/api/assistance-requests/mine", async (request) => {
    const user = await requireMember(request);
    return { requests: await myRequests(db, user) };
  });

  app.get("/api/erns/:ern/assistance-requests", { schema: { params: ErnParams, querystring: QueueQuery } }, async (request) => {
    const user = await requireMember(request);
    const queue = await ernQueue(db, user, request.params.ern, request.query);
    // The rows carry each patient's pseudonym and clinical question: each shown row is a read of that patient.
    if (queue.rows.length) {
      await db.transaction(async (tx) => {
        for (const row of queue.rows) {
          await auditPatient(tx, originOf(request), user, row.patientId, "assistance.listed", { purpose: "read", reason: "assistance", requestId: row.id });
        }
      });
    }
    return queue;
  });

  app.get("/api/assistance-requests/:id", { schema: { params: RequestParams } }, async (request) => {
    const user = await requireMember(request);
    return db.transaction(async (tx) => {
      const { row, isHandler } = await requireRequest(tx, user, request.params.id);
      if (isHandler && row.requesterSub !== user.sub) {
        await auditPatient(tx, originOf(request), user, row.patientId, "assistance.read", { purpose: "read", reason: "assistance", requestId: row.id });
      }
      return { request: requestView(row) };
    });
  });

  app.get("/api/erns/:ern/panel-leads", { schema: { params: ErnParams, querystring: LeadsQuery } }, async (request) => {
    const user = await requireMember(request);
    if (!handlesRequestsOf(user, request.params.ern)) throw new NotFound("Not found or no access.");
    return { leads: await leadCandidates(db, request.params.ern, { q: request.query.q, areaId: request.query.area }) };
  });

  app.post("/api/assistance-requests/:id/assign", { schema: { params: RequestParams, body: AssignBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const { request: row, panelId } = await db.transaction((tx) =>
      assignRequest(tx, originOf(request), config.urls.cpms, user, request.params.id, request.body),
    );
    return {
      request: requestView(row),
      panelId,
      message: `${row.assignedLeadName} leads the panel started from ${row.reference}. They invite the experts and open it.`,
    };
  });

  app.post("/api/assistance-requests/:id/decline", { schema: { params: RequestParams, body: DeclineBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const row = await db.transaction((tx) => declineRequest(tx, originOf(request), config.urls.cpms, user, request.params.id, request.body.reason));
    return { request: requestView(row), message: `Request ${row.reference} is declined; ${row.requesterName} is told why.` };
  });

  app.post("/api/assistance-requests/:id/withdraw", { schema: { params: RequestParams }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const row = await db.transaction((tx) => withdrawRequest(tx, originOf(request), user, request.params.id));
    return { request: requestView(row), message: `Your request ${row.reference} is withdrawn.` };
  });
}
