/* The API for applications: /api/v1/authorizations with a service token from identity. */
import type { ClientCredentials } from "../../platform/http/oidc-sign-in.ts";
import type { Server } from "../../platform/http/server.ts";

export async function authorizationsApi(_app: Server, _options: { credentials: ClientCredentials }): Promise<void> {}
