/*
 * The Clinical Patient Management System: signs its users in at identity
 * (OpenID Connect, with a second factor: level "substantial"), and shows its
 * home page until its features land.
 */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { type ClientCredentials, oidcSignIn } from "../platform/http/oidc-sign-in.ts";
import { placeholderPage } from "../platform/http/placeholder-page.ts";
import { createServer } from "../platform/http/server.ts";
import { authorizationRoutes } from "./authorizations/routes.ts";
import { dashboardRoutes } from "./dashboard/routes.ts";
import { attachmentRoutes } from "./files/routes.ts";
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
  placeholderPage(app, {
    brand: "CPMS",
    title: "Clinical Patient Management System (CPMS)",
    tagline: "IT Platform for Clinical Consultations between ERN Members",
    paragraphs: [
      "The CPMS aims at supporting ERNs in improving the diagnosis and treatment of rare or low prevalence complex diseases across national borders of Member States in Europe.",
      "The CPMS is a secure Software as a Service (SaaS) that enables health professionals to enroll patients using comprehensive data models. Health professionals can use the CPMS to collaborate actively and share patient within and across ERNs.",
      "The CPMS is supported by Virtual Communication Tools and DICOM viewers to facilitate the interaction between clinicians. Reporting tools are among the functionality of the system to seamlessly empower users to generate reports of interest for administrative and clinical purposes.",
    ],
    login: {
      heading: "Secure Login",
      text: "You can Login to the CPMS through the OpenCPMS Login Authentication Service.",
      button: "Login via OpenCPMS Login",
      notes: [
        { text: "Only ERN members and ERN guest users can be authorised users of the CPMS." },
        { text: "CPMS requires a two-level authentication: your password and a second verification method, such as Mobile + SMS." },
        {
          text: "To access the CPMS you need to have an OpenCPMS Login account. To create one,",
          link: { label: "click here.", href: `${config.urls.identity}/register` },
        },
        { text: "To request authorisation to use the CPMS,", link: { label: "click here.", href: `${config.urls.access}/` } },
      ],
    },
    signOut: "Sign out",
  });
  return app;
}
