/*
 * The authorization system: signs its users in at identity (OpenID Connect,
 * a password is enough: level "low"), and shows its home page until the
 * access-request wizard lands.
 */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { type ClientCredentials, oidcSignIn } from "../platform/http/oidc-sign-in.ts";
import { placeholderPage } from "../platform/http/placeholder-page.ts";
import { createServer } from "../platform/http/server.ts";
import { authorizationsApi } from "./api/routes.ts";
import { approvalRoutes } from "./approvals/routes.ts";
import { catalogRoutes } from "./catalog/routes.ts";
import { accessPlatform, accessSignIn } from "./pg-schema.ts";
import { requestRoutes } from "./requests/routes.ts";

export async function createAccessServer(config: Config, db: Db, credentials: ClientCredentials) {
  const app = await createServer({ config, service: "access", db, tables: accessPlatform });
  await oidcSignIn(app, { credentials, acr: "low", tables: accessSignIn, name: "Authorisation system" });
  await catalogRoutes(app);
  await requestRoutes(app);
  await approvalRoutes(app);
  await authorizationsApi(app, { credentials });
  placeholderPage(app, {
    brand: "OpenCPMS Authorisation",
    title: "Authorisation system",
    paragraphs: [
      "Request access to an application such as CPMS for your European Reference Network, country and healthcare provider; coordinators approve the requests.",
    ],
    login: {
      heading: "Login to the authorisation system",
      text: "Login using your OpenCPMS Login account (a second verification method is not required).",
      button: "Login",
      notes: [{ text: "No account yet?", link: { label: "Create an account", href: `${config.urls.identity}/register` } }],
    },
    signOut: "Logout",
  });
  return app;
}
