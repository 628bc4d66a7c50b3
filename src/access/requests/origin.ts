/* Where a request to access came from, and who acted on whom, for its audit events. */
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";
import { isUuid } from "./views.ts";

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

/**
 * The audit log's actor and subject columns hold identity's ids (UUIDs); a
 * subject of another OpenID provider (EU Login's "n003oges") goes in the
 * details instead, as actorSub and subjectSub.
 */
export function auditedPeople(actorSub: string, subjectSub: string = actorSub) {
  const details: { actorSub?: string; subjectSub?: string } = {};
  if (!isUuid(actorSub)) details.actorSub = actorSub;
  if (!isUuid(subjectSub)) details.subjectSub = subjectSub;
  return { actorId: isUuid(actorSub) ? actorSub : null, subjectId: isUuid(subjectSub) ? subjectSub : null, details };
}

/** A unique index refused the row (PostgreSQL 23505), however the driver wraps the error. */
export function isUniqueViolation(error: unknown): boolean {
  for (let cause = error as { code?: string; cause?: unknown } | undefined; cause; cause = cause.cause as typeof cause) {
    if (cause.code === "23505") return true;
  }
  return false;
}
