/*
 * My Account endpoints of authenticator apps: list, add (then confirm with
 * the first code), remove. Adding and removing need a recent sign-in;
 * confirming needs only the session, since it proves the secret shown.
 */
import { requireSecurityChangeRights } from "../changes.ts";
import type { Server } from "../../../platform/http/server.ts";
import { requireSession } from "../../accounts/current-session.ts";
import { originOf, strict } from "../../accounts/routes.ts";
import { addAuthenticatorApp } from "./add-app.ts";
import { confirmAuthenticatorApp } from "./confirm-app.ts";
import { listAuthenticatorApps } from "./list-apps.ts";
import { removeAuthenticatorApp } from "./remove-app.ts";
import { RemoveFactorBody } from "../schemas.ts";
import { AddAppBody, AppParams, ConfirmAppBody } from "./schemas.ts";

export function totpRoutes(app: Server): void {
  const { db, config } = app.context;

  app.get("/api/account/authenticator-apps", async (request) => {
    const { user } = await requireSession(request);
    return { apps: await listAuthenticatorApps(db, user.id) };
  });

  app.post("/api/account/authenticator-apps", { schema: { body: AddAppBody }, config: strict(10) }, async (request, reply) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    // The secret is in this answer only: no cache may keep it.
    return reply
      .header("cache-control", "no-store")
      .status(201)
      .send(await addAuthenticatorApp(db, config, session.user, request.body.name));
  });

  app.post("/api/account/authenticator-apps/:id/confirm", { schema: { params: AppParams, body: ConfirmAppBody }, config: strict(20) }, async (request) => {
    const { user } = await requireSession(request);
    await confirmAuthenticatorApp(db, config, originOf(request), user, request.params.id, request.body.code);
    return { message: "Your authenticator app has been added. You can now sign in with its codes." };
  });

  app.delete("/api/account/authenticator-apps/:id", { schema: { params: AppParams, body: RemoveFactorBody }, config: strict(10) }, async (request) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    await removeAuthenticatorApp(db, config, originOf(request), session.user, request.params.id, request.body?.confirmLastFactor);
    return { message: "The authenticator app has been removed." };
  });
}
