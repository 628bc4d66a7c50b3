/*
 * cpms's link to the authorisation system: reading a user's CPMS rights with
 * cpms's service token (access-client.ts), for requireMember.
 */
import type { ClientCredentials } from "../../platform/http/oidc-sign-in.ts";
import type { Server } from "../../platform/http/server.ts";
import { accessClient } from "./access-client.ts";

export async function authorizationRoutes(app: Server, options: { credentials: ClientCredentials }): Promise<void> {
  const { config } = app.context;
  app.decorate("cpmsAccess", accessClient({ identityUrl: config.urls.identity, accessUrl: config.urls.access, credentials: options.credentials }));
}
