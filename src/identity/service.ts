/* The identity service: accounts and sign-in, its web UI and, in development, its outbox page. */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { createServer } from "../platform/http/server.ts";
import { serveWebApp } from "../platform/http/web-app.ts";
import { devOutboxRoutes } from "../platform/mail/dev-outbox-page.ts";
import { removeExpired } from "./accounts/housekeeping.ts";
import { removeExpiredFactorState } from "./factors/housekeeping.ts";
import { accountRoutes } from "./accounts/routes.ts";
import { signInRoutes } from "./accounts/sign-in-routes.ts";
import { myAccountRoutes } from "./account/routes.ts";
import { adminRoutes } from "./admin/routes.ts";
import { authenticatorAppRoutes } from "./app-page.ts";
import { mobileDeviceRoutes } from "./factors/mobile-app/device-routes.ts";
import { pushRoutes } from "./factors/mobile-app/push.ts";
import { mobileAppRequestRoutes } from "./factors/mobile-app/request-routes.ts";
import { recoveryRoutes } from "./factors/recovery/routes.ts";
import { smsRoutes } from "./factors/sms/routes.ts";
import { totpRoutes } from "./factors/totp/routes.ts";
import { webauthnRoutes } from "./factors/webauthn/routes.ts";
import { casRoutes } from "./cas/routes.ts";
import { removeExpiredCasTickets } from "./cas/housekeeping.ts";
import { removeExpiredOidcState } from "./oidc/adapter.ts";
import { oidcRoutes } from "./oidc/routes.ts";
import { identityPlatform, outbox } from "./pg-schema.ts";

const HOUSEKEEPING_MS = 10 * 60_000;

export async function createIdentityServer(config: Config, db: Db) {
  const app = await createServer({ config, service: "identity", db, tables: identityPlatform });
  accountRoutes(app);
  signInRoutes(app);
  myAccountRoutes(app);
  await adminRoutes(app);
  for (const routes of [smsRoutes, webauthnRoutes, totpRoutes, recoveryRoutes, mobileDeviceRoutes, mobileAppRequestRoutes, pushRoutes]) routes(app);
  await oidcRoutes(app);
  casRoutes(app);
  if (config.devPages) devOutboxRoutes(app, db, outbox, "OpenCPMS Login");
  authenticatorAppRoutes(app);
  await serveWebApp(app, "identity");
  const housekeeping = () => Promise.all([removeExpired(db, config), removeExpiredFactorState(db), removeExpiredOidcState(db), removeExpiredCasTickets(db)]);
  const timer = setInterval(() => housekeeping().catch((error) => app.log.error(error, "housekeeping failed")), HOUSEKEEPING_MS);
  timer.unref();
  app.addHook("onClose", async () => clearInterval(timer));
  return app;
}
