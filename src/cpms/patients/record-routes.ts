/*
 * The record's routes (contract.ts): enrol, read, change, history, consents.
 * Every route needs a CPMS member (requireMember) and, for an existing
 * patient, the access policy's yes for the purpose (requirePatientAccess,
 * else 404 "Not found or no access."); the decision, the work and its audit
 * event share one transaction.
 */
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { type CpmsUser, requireMember } from "../authorizations/memberships.ts";
import { type PatientAccess, type PatientPurpose, requirePatientAccess } from "./access-policy.ts";
import { consentName, recordConsent, withdrawConsent } from "./consents.ts";
import type { PatientView } from "./contract.ts";
import { enrolPatient } from "./enrol.ts";
import { listVersions, readVersion } from "./history.ts";
import { auditPatient, consentView, isUuid, patientView } from "./record-store.ts";
import { ConsentKindParams, NewConsentBody, NewPatientBody, PatientParams, RecordUpdateBody, VersionParams, WithdrawalBody } from "./schemas.ts";
import { updateRecord } from "./update-record.ts";

const writes = { rateLimit: { max: 60, timeWindow: 60_000 } };

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export async function recordRoutes(app: Server): Promise<void> {
  const { db } = app.context;

  /** Runs `work` in a transaction once the policy allows `purpose` on the patient. */
  const withPatient = async <T>(
    request: FastifyRequest,
    id: string,
    purpose: PatientPurpose,
    work: (tx: Db, user: CpmsUser, access: PatientAccess) => Promise<T>,
  ): Promise<T> => {
    const user = await requireMember(request);
    if (!isUuid(id)) throw new NotFound();
    return db.transaction(async (tx) => work(tx, user, await requirePatientAccess(tx, user, id.toLowerCase(), purpose)));
  };

  app.post("/api/patients", { schema: { body: NewPatientBody }, config: writes }, async (request, reply) => {
    const user = await requireMember(request);
    const patient = await db.transaction(async (tx): Promise<PatientView> => {
      const id = await enrolPatient(tx, originOf(request), user, request.body);
      return patientView(tx, id, user);
    });
    return reply.status(201).send({ patient, message: `The patient is enrolled as ${patient.pseudonym}.` });
  });

  app.get("/api/patients/:id", { schema: { params: PatientParams } }, async (request) => {
    const patient = await withPatient(request, request.params.id, "read", async (tx, user, access) => {
      await auditPatient(tx, originOf(request), user, access.patientId, "patient.read", { reason: access.reason, purpose: "read" });
      return patientView(tx, access.patientId, user, access);
    });
    return { patient };
  });

  app.put("/api/patients/:id/record", { schema: { params: PatientParams, body: RecordUpdateBody }, config: writes }, async (request) => {
    return withPatient(request, request.params.id, "write", async (tx, user, access) => {
      const { version, changes } = await updateRecord(tx, originOf(request), user, access, request.body);
      const patient = await patientView(tx, access.patientId, user, access);
      const message = changes.length ? `Saved as version ${version}: ${changes.join(", ")}.` : "Nothing changed: the record stays at this version.";
      return { patient, message };
    });
  });

  app.get("/api/patients/:id/history", { schema: { params: PatientParams } }, async (request) => {
    const versions = await withPatient(request, request.params.id, "read", (tx, user, access) => listVersions(tx, originOf(request), user, access));
    return { versions };
  });

  app.get("/api/patients/:id/history/:version", { schema: { params: VersionParams } }, async (request) => {
    return withPatient(request, request.params.id, "read", (tx, user, access) => readVersion(tx, originOf(request), user, access, request.params.version));
  });

  app.post("/api/patients/:id/consents", { schema: { params: PatientParams, body: NewConsentBody }, config: writes }, async (request, reply) => {
    const answer = await withPatient(request, request.params.id, "write", async (tx, user, access) => {
      const consent = await recordConsent(tx, originOf(request), user, access, request.body);
      return { consent: consentView(consent), patient: await patientView(tx, access.patientId, user, access) };
    });
    const name = consentName(request.body.kind);
    return reply.status(201).send({ ...answer, message: `The ${name} is recorded.` });
  });

  app.post("/api/patients/:id/consents/:kind/withdraw", { schema: { params: ConsentKindParams, body: WithdrawalBody }, config: writes }, async (request) => {
    const { id, kind } = request.params;
    const answer = await withPatient(request, id, "write", async (tx, user, access) => {
      const consent = await withdrawConsent(tx, originOf(request), user, access, kind, request.body.reason);
      return { consent: consentView(consent), patient: await patientView(tx, access.patientId, user, access) };
    });
    const message =
      kind === "care"
        ? "Consent for care is withdrawn: the record is hidden from everyone but your healthcare provider, and no longer used for research."
        : `The ${consentName(kind)} is withdrawn.`;
    return { ...answer, message };
  });
}
