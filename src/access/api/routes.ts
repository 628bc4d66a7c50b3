/*
 * The API for applications (answers: schemas.ts, README "Authorizations API
 * for applications"):
 * - GET /api/v1/authorizations?sub=…&application=CPMS: one user's
 *   authorizations; POST /api/v1/authorizations/query { application, subs }
 *   for up to 500 users; GET /api/v1/authorizations?application=CPMS
 *   &changedSince=ISO[&cursor=…][&limit=…] to sync, page by page;
 * - every call needs a service token (service-token.ts) of an API client
 *   allowed the application (require-api-client.ts): the token before the
 *   input is even read, the application before the database is;
 * - each answered call is one audit event naming the client and whose
 *   authorizations it read (refusals of a known client too); never cached;
 *   rate-limited per client IP;
 * - at start: the platform's cpms is an API client of CPMS, and the webhook
 *   delivery loop runs until the server closes.
 */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { audit } from "../../platform/audit.ts";
import { BadRequest, InvalidField } from "../../platform/http/errors.ts";
import type { ClientCredentials } from "../../platform/http/oidc-sign-in.ts";
import { identityProvider } from "../../platform/http/oidc-sign-in-provider.ts";
import type { Server } from "../../platform/http/server.ts";
import { registerPlatformApiClients } from "./api-clients.ts";
import { authorizationsOf, changedAuthorizations } from "./authorizations.ts";
import { NotAllowed, requireApiClient } from "./require-api-client.ts";
import { AuthorizationChanges, AuthorizationsQuery, BulkAuthorizations, BulkQueryBody, UserAuthorizations } from "./schemas.ts";
import { type ServiceCaller, serviceTokenVerifier } from "./service-token.ts";
import { deliverDueWebhooks, startWebhookDelivery } from "./webhook-delivery.ts";

export const API_RATE_LIMIT = { rateLimit: { max: 600, timeWindow: 60_000 } };
const DEFAULT_PAGE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AuthorizationsApiOptions = {
  /** access's own client at identity: it authenticates its introspection requests. */
  credentials: ClientCredentials;
};

export async function authorizationsApi(app: Server, options: AuthorizationsApiOptions): Promise<void> {
  const { db, config } = app.context;
  const { auditEvents } = app.context.tables;
  const verifier = serviceTokenVerifier(identityProvider(config.urls.identity, options.credentials), {
    onUnavailable: (error) => app.log.warn({ err: error }, "token introspection at identity failed"),
  });
  const origin = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers["user-agent"] });

  // The token is checked before the input is even read (preValidation), the application once it is known.
  const callers = new WeakMap<FastifyRequest, ServiceCaller>();

  /** The caller, allowed `application`; a known client's refusal is audited before it is answered. */
  const authorize = async (request: FastifyRequest, application: string): Promise<ServiceCaller> => {
    const caller = callers.get(request);
    if (!caller) throw new Error("the service token was not checked");
    try {
      await requireApiClient(db, caller, application);
    } catch (error) {
      if (error instanceof NotAllowed) {
        await audit(db, auditEvents, origin(request), { type: "api.authorizations_refused", details: { clientId: caller.clientId, application } });
      }
      throw error;
    }
    return caller;
  };

  await registerPlatformApiClients(db, config);

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addHook("onSend", async (_request, reply) => {
      reply.header("cache-control", "no-store");
    });
    scope.addHook("preValidation", async (request) => {
      callers.set(request, await verifier.verify(request.headers.authorization));
    });

    scope.get(
      "/api/v1/authorizations",
      { schema: { querystring: AuthorizationsQuery, response: { 200: { anyOf: [UserAuthorizations, AuthorizationChanges] } } }, config: API_RATE_LIMIT },
      async (request) => {
        const { application, sub, changedSince, cursor, limit = DEFAULT_PAGE } = request.query;
        if (sub !== undefined && (changedSince !== undefined || cursor !== undefined)) {
          throw new BadRequest("Ask either for one user (sub) or for the changes (changedSince, cursor), not both.");
        }
        if (sub === undefined && changedSince === undefined && cursor === undefined) {
          throw new InvalidField("sub", "Name the user (sub=…) or the time to sync from (changedSince=…).");
        }
        const since = changedSince === undefined ? undefined : new Date(changedSince);
        if (since && Number.isNaN(since.getTime())) {
          throw new InvalidField("changedSince", "changedSince is an ISO 8601 time, e.g. 2026-01-31T00:00:00Z.");
        }
        const caller = await authorize(request, application);
        return db.transaction(async (tx) => {
          if (sub !== undefined) {
            const [{ authorizations }] = await authorizationsOf(tx, application, [sub]);
            await audit(tx, auditEvents, origin(request), {
              type: "api.authorizations_read",
              subjectId: UUID.test(sub) ? sub : null,
              details: { clientId: caller.clientId, application, sub, count: authorizations.length },
            });
            return { sub, application, authorizations };
          }
          const page = await changedAuthorizations(tx, application, cursor ? { cursor } : { changedSince: since as Date }, limit);
          await audit(tx, auditEvents, origin(request), {
            type: "api.authorization_changes_read",
            details: { clientId: caller.clientId, application, changedSince: since?.toISOString() ?? null, cursor: cursor ?? null, count: page.changes.length },
          });
          return { application, ...page };
        });
      },
    );

    scope.post(
      "/api/v1/authorizations/query",
      { schema: { body: BulkQueryBody, response: { 200: BulkAuthorizations } }, config: { ...API_RATE_LIMIT, csrf: false } },
      async (request) => {
        const { application, subs } = request.body;
        const caller = await authorize(request, application);
        return db.transaction(async (tx) => {
          const users = await authorizationsOf(tx, application, subs);
          await audit(tx, auditEvents, origin(request), {
            type: "api.authorizations_read",
            details: {
              clientId: caller.clientId,
              application,
              subs: users.map((user) => user.sub),
              count: users.reduce((n, user) => n + user.authorizations.length, 0),
            },
          });
          return { application, users };
        });
      },
    );
  });

  const stop = startWebhookDelivery(
    () => deliverDueWebhooks(db, config),
    config.webhooks.intervalSeconds * 1000,
    (error) => app.log.error({ err: error }, "webhook delivery failed"),
  );
  app.addHook("onClose", async () => {
    await stop();
  });
}
