/*
 * The authorization system: signs its users in at identity (OpenID Connect,
 * a password is enough: level "low"); its web app (web/access) asks for
 * access and decides requests on the API below; in development its outbox
 * is a page (/dev/outbox).
 */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { type ClientCredentials, oidcSignIn } from "../platform/http/oidc-sign-in.ts";
import { createServer, type Server } from "../platform/http/server.ts";
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
  allowSignOutRedirect(app, config.urls.identity);
  await serveWebApp(app, "access");
  return app;
}

/**
 * The pages' "Logout" posts a form to /auth/logout, which redirects to
 * identity's sign-out: form-action must let that redirect leave this origin.
 */
function allowSignOutRedirect(app: Server, identityUrl: string): void {
  const identity = new URL(identityUrl).origin;
  app.addHook("onSend", async (_request, reply, payload) => {
    const csp = reply.getHeader("content-security-policy");
    if (typeof csp === "string" && String(reply.getHeader("content-type") ?? "").startsWith("text/html"))
      reply.header(
        "content-security-policy",
        csp.replace(/form-action [^;]*/, (directive) => `${directive} ${identity}`),
      );
    return payload;
  });
}
