/*
 * Sharing a patient within and across ERNs (schemas.ts is the contract):
 * share, list the shares, revoke — each for users who may change the record
 * (access policy: 404 "Not found or no access." otherwise) and audited in
 * its transaction — and the directory of whom to share with.
 */
import type { FastifyRequest } from "fastify";
import { asc, desc, eq } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Server } from "../../platform/http/server.ts";
import { auditActor } from "../authorizations/audit-actor.ts";
import { requireMember } from "../authorizations/memberships.ts";
import { requirePatientAccess } from "../patients/access-policy.ts";
import { auditEvents } from "../pg-schema.ts";
import { searchDirectory } from "./directory.ts";
import { revokeShare } from "./revoke.ts";
import { DirectoryQuery, NewShareBody, PatientParams, RevokeBody, ShareParams } from "./schemas.ts";
import { sharePatient } from "./share.ts";
import { patientShares } from "./tables.ts";
import { shareView } from "./views.ts";

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export async function sharingRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;
  const writes = { rateLimit: { max: 60, timeWindow: 60_000 } };

  app.post("/api/patients/:id/shares", { schema: { params: PatientParams, body: NewShareBody }, config: writes }, async (request, reply) => {
    const user = await requireMember(request);
    const share = await db.transaction(async (tx) => {
      const access = await requirePatientAccess(tx, user, request.params.id, "write");
      return sharePatient(tx, originOf(request), config.urls.cpms, user, access, request.body);
    });
    return reply.status(201).send({ share, message: `The patient is shared with ${share.targetName} in ${share.ernCode}.` });
  });

  app.get("/api/patients/:id/shares", { schema: { params: PatientParams } }, async (request) => {
    const user = await requireMember(request);
    return db.transaction(async (tx) => {
      const access = await requirePatientAccess(tx, user, request.params.id, "write");
      const actor = auditActor(user.sub);
      await audit(tx, auditEvents, originOf(request), {
        type: "patient.shares_read",
        actorId: actor.actorId,
        subjectId: access.patientId,
        details: { actorName: user.name, ...actor.details, reason: access.reason, purpose: "read" },
      });
      const rows = await tx
        .select()
        .from(patientShares)
        .where(eq(patientShares.patientId, access.patientId))
        .orderBy(asc(patientShares.revokedAt), desc(patientShares.sharedAt));
      return { shares: rows.map(shareView) };
    });
  });

  app.delete("/api/patients/:id/shares/:shareId", { schema: { params: ShareParams, body: RevokeBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const share = await db.transaction(async (tx) => {
      const access = await requirePatientAccess(tx, user, request.params.id, "write");
      return revokeShare(tx, originOf(request), user, access, request.params.shareId, request.body.reason);
    });
    return { share, message: `The share with ${share.targetName} is revoked.` };
  });

  app.get("/api/directory", { schema: { querystring: DirectoryQuery } }, async (request) => {
    await requireMember(request);
    return searchDirectory(db, request.query.q ?? "", request.query.ern);
  });
}
