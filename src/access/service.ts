/*
 * The authorization system: signs its users in at identity (OpenID Connect,
 * a password is enough: level "low"); its web app (web/access) asks for
 * access and decides requests on the API below; in development its outbox
 * is a page (/dev/outbox).
 */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { type ClientCredentials, oidcSignIn } from "../platform/http/oidc-sign-in.ts";
import { createServer } from "../platform/http/server.ts";
import { serveWebApp } from "../platform/http/web-app.ts";
import { devOutboxRoutes } from "../platform/mail/dev-outbox-page.ts";
import { authorizationsApi } from "./api/routes.ts";
import { approvalRoutes } from "./approvals/routes.ts";
import { catalogRoutes } from "./catalog/routes.ts";
import { accessPlatform, accessSignIn, outbox } from "./pg-schema.ts";
import { requestRoutes } from "./requests/routes.ts";

export async function createAccessServer(config: Config, db: Db, credentials: ClientCredentials) {
  const app = await createServer({ config, service: "access", db, tables: accessPlatform });
  await oidcSignIn(app, { credentials, acr: "low", tables: accessSignIn, name: "Authorisation system" });
  await catalogRoutes(app);
  await requestRoutes(app);
  await approvalRoutes(app);
  await authorizationsApi(app, { credentials });
  // Read by the pages: where to create an account, and CPMS.
  app.get("/api/settings", async () => ({ identityUrl: config.urls.identity, cpmsUrl: config.urls.cpms }));
  if (config.devPages) devOutboxRoutes(app, db, outbox, "OpenCPMS Authorisation");
  await serveWebApp(app, "access", { signOutTo: config.urls.identity });
  return app;
}
