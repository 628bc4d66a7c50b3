/*
 * The administration API of the sign-in service: its OpenID Connect relying
 * parties and its CAS services.
 * - every route, before its input is even read, needs a signed-in
 *   administrator with a second factor (require-administrator.ts);
 * - every change is audited in its own transaction, naming the
 *   administrator and what changed — never a client secret, which is
 *   answered once and kept nowhere but as a hash;
 * - the platform's own clients are listed but stay as configured.
 */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { audit } from "../../platform/audit.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { originOf, strict } from "../accounts/routes.ts";
import { addCasService, listCasServices, removeCasService } from "../cas/services.ts";
import { addClient, listClients, type OidcClient, removeClient, rotateClientSecret, uriRules } from "../oidc/clients.ts";
import { auditEvents } from "../pg-schema.ts";
import { requireAdministrator } from "./require-administrator.ts";
import { CasServiceParams, ClientParams, NewCasServiceBody, NewClientBody } from "./schemas.ts";

const SECRET_SHOWN_ONCE = "Copy the client secret now: it is shown only once.";

/** What the audit log keeps of a client: its registration, not its secret. */
function registration(client: OidcClient) {
  const { clientId, name, redirectUris, postLogoutRedirectUris, backchannelLogoutUri, acr, grantTypes, isPublic } = client;
  return { clientId, name, redirectUris, postLogoutRedirectUris, backchannelLogoutUri, acr, grantTypes, isPublic };
}

export async function adminRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addHook("preValidation", async (request) => {
      await requireAdministrator(request);
    });

    scope.get("/api/admin/clients", async () => ({ clients: await listClients(db) }));

    scope.post("/api/admin/clients", { schema: { body: NewClientBody }, config: strict(30) }, async (request, reply) => {
      const { user } = await requireAdministrator(request);
      const added = await db.transaction(async (tx) => {
        const result = await addClient(tx, request.body, uriRules(config));
        await audit(tx, auditEvents, originOf(request), { type: "admin.oidc_client_added", actorId: user.id, details: registration(result.client) });
        return result;
      });
      const message = `“${added.client.name}” is registered.${added.clientSecret ? ` ${SECRET_SHOWN_ONCE}` : ""}`;
      return reply.status(201).send({ ...added, message });
    });

    scope.delete("/api/admin/clients/:clientId", { schema: { params: ClientParams }, config: strict(30) }, async (request) => {
      const { user } = await requireAdministrator(request);
      const removed = await db.transaction(async (tx) => {
        const client = await removeClient(tx, request.params.clientId);
        await audit(tx, auditEvents, originOf(request), { type: "admin.oidc_client_removed", actorId: user.id, details: registration(client) });
        return client;
      });
      return { message: `“${removed.name}” is removed: it can no longer sign anyone in, and its tokens no longer work.` };
    });

    scope.post("/api/admin/clients/:clientId/secret", { schema: { params: ClientParams }, config: strict(30) }, async (request) => {
      const { user } = await requireAdministrator(request);
      const rotated = await db.transaction(async (tx) => {
        const result = await rotateClientSecret(tx, request.params.clientId);
        await audit(tx, auditEvents, originOf(request), {
          type: "admin.oidc_client_secret_rotated",
          actorId: user.id,
          details: { clientId: result.client.clientId, name: result.client.name },
        });
        return result;
      });
      return { ...rotated, message: `“${rotated.client.name}” has a new secret; the previous one no longer works. ${SECRET_SHOWN_ONCE}` };
    });

    scope.get("/api/admin/cas-services", async () => ({ services: await listCasServices(db) }));

    scope.post("/api/admin/cas-services", { schema: { body: NewCasServiceBody }, config: strict(30) }, async (request, reply) => {
      const { user } = await requireAdministrator(request);
      const service = await db.transaction(async (tx) => {
        const added = await addCasService(tx, request.body);
        const { id, name, urlPattern, acr } = added;
        await audit(tx, auditEvents, originOf(request), { type: "admin.cas_service_added", actorId: user.id, details: { id, name, urlPattern, acr } });
        return added;
      });
      return reply.status(201).send({ service, message: `“${service.name}” can now receive CAS tickets.` });
    });

    scope.delete("/api/admin/cas-services/:id", { schema: { params: CasServiceParams }, config: strict(30) }, async (request) => {
      const { user } = await requireAdministrator(request);
      const removed = await db.transaction(async (tx) => {
        const service = (await listCasServices(tx)).find((candidate) => candidate.id === request.params.id);
        if (!service || !(await removeCasService(tx, service.id))) throw new NotFound("There is no such CAS service.");
        const { id, name, urlPattern, acr } = service;
        await audit(tx, auditEvents, originOf(request), { type: "admin.cas_service_removed", actorId: user.id, details: { id, name, urlPattern, acr } });
        return service;
      });
      return { message: `“${removed.name}” is removed: it no longer receives CAS tickets.` };
    });
  });
}
