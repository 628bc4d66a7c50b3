/*
 * The My Account API: the account's profile and methods, its sign-in
 * history, changing the password. Each method's own endpoints live in its
 * folder (factors/<method>/routes.ts).
 */
import { requireSecurityChangeRights } from "../factors/changes.ts";
import type { Server } from "../../platform/http/server.ts";
import { requireSession } from "../accounts/current-session.ts";
import { originOf, strict } from "../accounts/routes.ts";
import { ChangePasswordBody } from "../accounts/schemas.ts";
import { SECOND_FACTORS } from "../factors/registry.ts";
import { changePassword } from "./change-password.ts";
import { signInHistory } from "./sign-in-history.ts";

export function myAccountRoutes(app: Server): void {
  const { db, config } = app.context;

  app.get("/api/account", async (request) => {
    const { user, amr, acr, authTime } = await requireSession(request);
    const setUp = await Promise.all(
      SECOND_FACTORS.map(async (factor) => ({
        method: factor.method,
        label: factor.label,
        assurance: factor.assurance,
        isSetUp: await factor.isSetUp(db, user.id),
      })),
    );
    return {
      user: { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, locale: user.locale },
      session: { amr, acr, authTime: authTime.toISOString() },
      methods: setUp,
    };
  });

  app.get("/api/account/history", async (request) => {
    const { user } = await requireSession(request);
    return { events: await signInHistory(db, user.id) };
  });

  app.post("/api/account/password", { schema: { body: ChangePasswordBody }, config: strict(10) }, async (request) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    await changePassword(db, config, originOf(request), session, request.body);
    return { message: "Your password has been changed. Other sessions of your account have been signed out." };
  });
}
