/*
 * The CAS 3.0 endpoints a service calls, server to server:
 * - GET /cas/validate (CAS 1.0, plain text);
 * - GET /cas/serviceValidate (CAS 2.0) and /cas/p3/serviceValidate (CAS
 *   3.0), XML or, with `format=JSON`, JSON; both release the attributes
 *   (attributes.ts).
 * A refused validation answers 200 with the failure in the protocol's own
 * form, as CAS clients expect; a bad request (a parameter too long, an
 * unknown format) is INVALID_REQUEST in that form too, never problem+json.
 * Proxying is not offered: `pgtUrl` is ignored and no proxy-granting ticket
 * is ever issued.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { Server } from "../../platform/http/server.ts";
import { originOf } from "../accounts/routes.ts";
import { releasedAttributes } from "./attributes.ts";
import { type Answer, cas1Answer, type Format, failureAnswer, successAnswer } from "./responses.ts";
import { isSet, ValidateQuery } from "./schemas.ts";
import { validateServiceTicket } from "./validate.ts";

const send = (reply: FastifyReply, answer: Answer, status = 200) =>
  reply.status(status).header("cache-control", "no-store").type(answer.type).send(answer.body);

function formatOf(request: FastifyRequest): Format | null {
  const format = (request.query as { format?: unknown }).format;
  if (format === undefined) return "XML";
  return typeof format === "string" && ["XML", "JSON"].includes(format.toUpperCase()) ? (format.toUpperCase() as Format) : null;
}

function errorHandler(cas1: boolean) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const isBadRequest = Boolean(error.validation);
    if (!isBadRequest) request.log.error(error);
    const status = isBadRequest ? 200 : 500;
    if (cas1) return send(reply, cas1Answer(null), status);
    const description = isBadRequest ? `The request is not valid: ${error.message}.` : "Something went wrong on our side. Please try again in a moment.";
    return send(reply, failureAnswer(formatOf(request) ?? "XML", isBadRequest ? "INVALID_REQUEST" : "INTERNAL_ERROR", description), status);
  };
}

export function validationRoutes(app: Server): void {
  const { db } = app.context;

  app.get("/cas/validate", { schema: { querystring: ValidateQuery }, errorHandler: errorHandler(true) }, async (request, reply) => {
    const { ticket, service, renew } = request.query;
    const validation = await validateServiceTicket(db, originOf(request), { ticket, service, renew: isSet(renew) });
    return send(reply, cas1Answer(validation.ok ? validation.user.id : null));
  });

  for (const path of ["/cas/serviceValidate", "/cas/p3/serviceValidate"]) {
    app.get(path, { schema: { querystring: ValidateQuery }, errorHandler: errorHandler(false) }, async (request, reply) => {
      const { ticket, service, renew } = request.query;
      const format = formatOf(request);
      if (!format) return send(reply, failureAnswer("XML", "INVALID_REQUEST", "format must be XML or JSON."));
      const validation = await validateServiceTicket(db, originOf(request), { ticket, service, renew: isSet(renew) });
      if (!validation.ok) return send(reply, failureAnswer(format, validation.code, validation.description));
      return send(reply, successAnswer(format, validation.user.id, releasedAttributes(validation.user, validation.ticket)));
    });
  }
}
