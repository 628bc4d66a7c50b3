/* cpms's link to the authorisation system: reading a user's CPMS rights with cpms's service token. */
import type { ClientCredentials } from "../../platform/http/oidc-sign-in.ts";
import type { Server } from "../../platform/http/server.ts";

export async function authorizationRoutes(_app: Server, _options: { credentials: ClientCredentials }): Promise<void> {}
