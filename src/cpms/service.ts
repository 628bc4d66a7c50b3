/* The Clinical Patient Management System: a placeholder page until its features land. */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import type { ClientCredentials } from "../platform/http/oidc-sign-in.ts";
import { createServer } from "../platform/http/server.ts";
import { placeholderPage } from "../platform/http/placeholder-page.ts";
import { cpmsPlatform } from "./pg-schema.ts";

export async function createCpmsServer(config: Config, db: Db, _credentials: ClientCredentials) {
  const app = await createServer({ config, service: "cpms", db, tables: cpmsPlatform });
  placeholderPage(
    app,
    "Clinical Patient Management System",
    "CPMS lets healthcare professionals of the European Reference Networks enrol patients with rare diseases and discuss them with colleagues across Europe in virtual panels.",
  );
  return app;
}
