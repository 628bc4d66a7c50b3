/*
 * The CAS 3.0 endpoints a browser meets:
 * - GET /cas/login: login.ts decides; this file turns the decision into a
 *   redirect (the sign-in page, the step-up page, the service with or
 *   without a ticket) or a page. The way back from the sign-in and step-up
 *   pages is /cas/login with the same parameters (and the sign-in marker);
 * - GET /cas/logout: signs out of identity as "Sign out" does, then goes to
 *   `service` only if it is registered — never an open redirect;
 * and the sign-out hook that drops the tickets of the session that ends.
 * Errors here are pages, not problem+json: a person is reading them.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { audit } from "../../platform/audit.ts";
import { sha256 } from "../../platform/crypto.ts";
import { Problem } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { sessionToken } from "../accounts/cookies.ts";
import { currentSession } from "../accounts/current-session.ts";
import { originOf } from "../accounts/routes.ts";
import type { CurrentSession } from "../accounts/sessions.ts";
import { onSignOut } from "../accounts/sign-out-hooks.ts";
import { auditEvents } from "../pg-schema.ts";
import { decideLogin, type LoginRequest } from "./login.ts";
import { signOut } from "./logout.ts";
import { refusedPage, signedOutPage } from "./pages.ts";
import { isSet, LoginQuery, LogoutQuery } from "./schemas.ts";
import { type CasService, findCasService } from "./services.ts";
import { askSignIn, SIGN_IN_ASKED } from "./sign-in-request.ts";
import { parseAcceptStrengths, parseAuthenticationLevel, strengthsOf } from "./strengths.ts";
import { dropTicketsOfSession, issueServiceTicket } from "./tickets.ts";
import { validationRoutes } from "./validation-routes.ts";

const HTML = "text/html; charset=utf-8";

/** /cas/login with the same parameters, and the sign-in marker given (or none). */
function loginPath(query: Record<string, unknown>, signInAsked: string | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === SIGN_IN_ASKED) continue;
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) params.append(name, String(one));
  }
  if (signInAsked) params.set(SIGN_IN_ASKED, signInAsked);
  return `/cas/login?${params}`;
}

function withTicket(service: string, ticket: string): string {
  return `${service}${service.includes("?") ? "&" : "?"}ticket=${ticket}`;
}

function htmlErrorHandler(error: FastifyError | Problem, request: FastifyRequest, reply: FastifyReply) {
  const { config } = request.server.context;
  if (error instanceof Problem && error.status !== 400) {
    reply.headers(error.headers);
    return reply
      .status(error.status)
      .type(HTML)
      .send(refusedPage(config, { title: "Sign-in could not continue", message: error.message }));
  }
  if (error instanceof Problem || error.validation) {
    return reply
      .status(400)
      .type(HTML)
      .send(
        refusedPage(config, {
          title: "Sign-in could not continue",
          message: "The application that sent you here made a request that OpenCPMS Login cannot accept.",
          detail: error.message,
        }),
      );
  }
  request.log.error(error);
  return reply
    .status(500)
    .type(HTML)
    .send(refusedPage(config, { title: "Sign-in could not continue", message: "Something went wrong on our side. Please try again in a moment." }));
}

export function casRoutes(app: Server): void {
  const { db, config } = app.context;

  const giveTicket = async (request: FastifyRequest, session: CurrentSession, service: string, registered: CasService, isFromNewLogin: boolean) =>
    db.transaction(async (tx) => {
      const ticket = await issueServiceTicket(tx, session, service, isFromNewLogin);
      await audit(tx, auditEvents, originOf(request), {
        type: "cas.ticket_issued",
        actorId: session.user.id,
        subjectId: session.user.id,
        details: {
          serviceId: registered.id,
          service: service.split("?", 1)[0],
          acr: session.acr,
          amr: session.amr,
          strengths: strengthsOf(session.amr),
          isFromNewLogin,
        },
      });
      return ticket;
    });

  app.get("/cas/login", { schema: { querystring: LoginQuery }, errorHandler: htmlErrorHandler }, async (request, reply) => {
    const { query } = request;
    const login: LoginRequest = {
      service: query.service,
      renew: isSet(query.renew),
      gateway: isSet(query.gateway),
      level: query.authenticationLevel === undefined ? undefined : parseAuthenticationLevel(query.authenticationLevel),
      acceptStrengths: query.acceptStrengths === undefined ? undefined : parseAcceptStrengths(query.acceptStrengths),
      signInAsked: query[SIGN_IN_ASKED],
    };
    const session = await currentSession(request);
    const outcome = await decideLogin(db, config, login, session);
    reply.header("cache-control", "no-store");
    switch (outcome.kind) {
      case "home":
        return reply.redirect("/", 303);
      case "sign-in": {
        const back = login.service === undefined ? "/" : loginPath(query, await askSignIn(db, config, login.service));
        return reply.redirect(`/login?returnTo=${encodeURIComponent(back)}`, 303);
      }
      case "step-up": {
        const methods = outcome.methods ? `&methods=${outcome.methods.join(",")}` : "";
        return reply.redirect(`/step-up?acr=${outcome.acr}${methods}&returnTo=${encodeURIComponent(loginPath(query, login.signInAsked))}`, 303);
      }
      case "back-without-ticket":
        return reply.redirect(outcome.service, 303);
      case "ticket": {
        if (!session) throw new Error("a ticket decided without a session");
        const ticket = await giveTicket(request, session, outcome.service, outcome.registered, outcome.isFromNewLogin);
        return reply.redirect(withTicket(outcome.service, ticket), 303);
      }
      case "refused":
        return reply.status(outcome.status).type(HTML).send(refusedPage(config, outcome));
    }
  });

  app.get("/cas/logout", { schema: { querystring: LogoutQuery }, errorHandler: htmlErrorHandler }, async (request, reply) => {
    await signOut(request, reply);
    const { service } = request.query;
    reply.header("cache-control", "no-store");
    if (service !== undefined && (await findCasService(db, service))) return reply.redirect(service, 303);
    const note = service === undefined ? undefined : "The application's address is not registered with OpenCPMS Login, so you have not been sent back to it.";
    return reply.type(HTML).send(signedOutPage(config, note));
  });

  onSignOut(app, async (request) => {
    const token = sessionToken(request);
    if (token) await dropTicketsOfSession(db, sha256(token));
  });

  validationRoutes(app);
}
