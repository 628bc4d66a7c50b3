/* Where a request to access came from, for its audit events. */
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

/** A unique index refused the row (PostgreSQL 23505), however the driver wraps the error. */
export function isUniqueViolation(error: unknown): boolean {
  for (let cause = error as { code?: string; cause?: unknown } | undefined; cause; cause = cause.cause as typeof cause) {
    if (cause.code === "23505") return true;
  }
  return false;
}
