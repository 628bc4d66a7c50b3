/*
 * GET /api/patients — the patient list (list.ts), and GET
 * /api/patients/:id/access-log — who accessed a patient (access-log.ts).
 * Signed-in members only; each call is audited in its transaction.
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Server } from "../../platform/http/server.ts";
import { requireMember } from "../authorizations/memberships.ts";
import { requirePatientAccess } from "./access-policy.ts";
import { readAccessLog } from "./access-log.ts";
import { listPatients } from "./list.ts";
import { PatientListQuery } from "./list-schemas.ts";

const PatientParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const AccessLogQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, errorMessage: "Pages are numbered from 1." })),
    perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, errorMessage: "Show from 1 to 200 entries per page." })),
  },
  { additionalProperties: false },
);

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export async function patientListRoutes(app: Server): Promise<void> {
  const { db } = app.context;

  app.get("/api/patients", { schema: { querystring: PatientListQuery } }, async (request) => {
    const user = await requireMember(request);
    return db.transaction((tx) => listPatients(tx, originOf(request), user, request.query));
  });

  app.get("/api/patients/:id/access-log", { schema: { params: PatientParams, querystring: AccessLogQuery } }, async (request) => {
    const user = await requireMember(request);
    return db.transaction(async (tx) => {
      const access = await requirePatientAccess(tx, user, request.params.id, "read");
      return readAccessLog(tx, originOf(request), user, access, { page: request.query.page ?? 1, perPage: request.query.perPage ?? 50 });
    });
  });
}
