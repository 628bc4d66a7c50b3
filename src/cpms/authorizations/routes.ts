/*
 * cpms's link to the authorisation system: reading a user's CPMS rights with
 * cpms's service token (access-client.ts), for requireMember; and its
 * webhook, telling cpms whose rights changed (access-events.ts).
 */
import type { ClientCredentials } from "../../platform/http/oidc-sign-in.ts";
import type { Server } from "../../platform/http/server.ts";
import { accessClient } from "./access-client.ts";
import { accessEventRoutes } from "./access-events.ts";

export async function authorizationRoutes(app: Server, options: { credentials: ClientCredentials }): Promise<void> {
  const { config } = app.context;
  app.decorate("cpmsAccess", accessClient({ identityUrl: config.urls.identity, accessUrl: config.urls.access, credentials: options.credentials }));
  await accessEventRoutes(app);
}
