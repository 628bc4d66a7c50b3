/*
 * Which application a service token may read: default deny.
 * - the token's client must be registered in access (api_clients) and be
 *   allowed the application asked for; otherwise 403 (RFC 6750
 *   insufficient_scope), saying which of the two, since the caller is
 *   already known to identity;
 * - checked on every call, so removing a client or an application from it
 *   takes effect at once, cache or not.
 */
import type { Db } from "../../platform/db/database.ts";
import { Problem } from "../../platform/http/errors.ts";
import { findApiClient } from "./api-clients.ts";
import type { ServiceCaller } from "./service-token.ts";

export class NotAllowed extends Problem {
  constructor(detail: string) {
    super(403, "Forbidden", detail, undefined, {
      "www-authenticate": `Bearer realm="OpenCPMS access", error="insufficient_scope", error_description="${detail.replaceAll('"', "'")}"`,
    });
  }
}

export async function requireApiClient(db: Db, caller: ServiceCaller, application: string): Promise<void> {
  const client = await findApiClient(db, caller.clientId);
  if (!client)
    throw new NotAllowed(`${caller.clientId} is not an API client of the authorization system: an operator registers it with opencpms api-clients add.`);
  if (!client.applications.includes(application)) throw new NotAllowed(`${caller.clientId} may not read the authorizations of ${application}.`);
}
