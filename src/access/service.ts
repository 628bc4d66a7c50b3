/* The authorization system: a placeholder page until the access-request wizard lands. */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import type { ClientCredentials } from "../platform/http/oidc-sign-in.ts";
import { createServer } from "../platform/http/server.ts";
import { placeholderPage } from "../platform/http/placeholder-page.ts";
import { accessPlatform } from "./pg-schema.ts";

export async function createAccessServer(config: Config, db: Db, _credentials: ClientCredentials) {
  const app = await createServer({ config, service: "access", db, tables: accessPlatform });
  placeholderPage(
    app,
    "OpenCPMS Authorisation",
    "Request access to an application such as CPMS for your European Reference Network, country and healthcare provider; coordinators approve the requests.",
  );
  return app;
}
