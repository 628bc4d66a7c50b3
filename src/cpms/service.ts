/*
 * The Clinical Patient Management System: signs its users in at identity
 * (OpenID Connect, with a second factor: level "substantial"), lets in the
 * holders of a granted CPMS right (authorizations/), and serves its web app
 * (web/cpms): the home page, the Global Dashboard, preferences, patients, panels,
 * requests for assistance, notifications.
 */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { type ClientCredentials, oidcSignIn } from "../platform/http/oidc-sign-in.ts";
import { createServer } from "../platform/http/server.ts";
import { serveWebApp } from "../platform/http/web-app.ts";
import { authorizationRoutes } from "./authorizations/routes.ts";
import type { Settings } from "./dashboard/contract.ts";
import { dashboardRoutes } from "./dashboard/routes.ts";
import { assistanceRoutes } from "./assistance/routes.ts";
import { attachmentRoutes } from "./files/routes.ts";
import { notificationRoutes } from "./notifications/routes.ts";
import { contributionRoutes } from "./panels/contribution-routes.ts";
import { panelFileRoutes } from "./panels/file-routes.ts";
import { memberRoutes } from "./panels/member-routes.ts";
import { outcomeRoutes } from "./panels/outcome-routes.ts";
import { panelRoutes } from "./panels/routes.ts";
import { patientListRoutes } from "./patients/list-routes.ts";
import { patientRoutes } from "./patients/routes.ts";
import { cpmsPlatform, cpmsSignIn } from "./pg-schema.ts";
import { preferencesRoutes } from "./preferences/routes.ts";
import { sharingRoutes } from "./sharing/routes.ts";
import { terminologyRoutes } from "./terminology/routes.ts";

export async function createCpmsServer(config: Config, db: Db, credentials: ClientCredentials) {
  const app = await createServer({ config, service: "cpms", db, tables: cpmsPlatform });
  await oidcSignIn(app, { credentials, acr: "substantial", tables: cpmsSignIn, name: "CPMS" });
  await authorizationRoutes(app, { credentials });
  await dashboardRoutes(app);
  await preferencesRoutes(app);
  await terminologyRoutes(app);
  await patientRoutes(app);
  await patientListRoutes(app);
  await sharingRoutes(app);
  await attachmentRoutes(app);
  await panelRoutes(app);
  await memberRoutes(app);
  await contributionRoutes(app);
  await outcomeRoutes(app);
  await panelFileRoutes(app);
  await assistanceRoutes(app);
  await notificationRoutes(app);
  // Read by the pages: where to create an account, and where to request authorisation.
  app.get("/api/settings", async (): Promise<Settings> => ({ identityUrl: config.urls.identity, accessUrl: config.urls.access }));
  await serveWebApp(app, "cpms", { signOutTo: config.urls.identity });
  return app;
}
