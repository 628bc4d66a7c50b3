/*
 * My Account endpoints of recovery codes: how many are left, generate a new
 * set (shown once), remove them. Generating and removing need a recent
 * sign-in; no endpoint ever returns a stored code.
 */
import { requireSecurityChangeRights } from "../changes.ts";
import type { Server } from "../../../platform/http/server.ts";
import { requireSession } from "../../accounts/current-session.ts";
import { originOf, strict } from "../../accounts/routes.ts";
import { generateRecoveryCodes } from "./generate.ts";
import { removeRecoveryCodes } from "./remove.ts";
import { RemoveFactorBody } from "../schemas.ts";
import { recoveryCodesStatus } from "./status.ts";

export function recoveryRoutes(app: Server): void {
  const { db, config } = app.context;

  app.get("/api/account/recovery-codes", async (request) => {
    const { user } = await requireSession(request);
    return recoveryCodesStatus(db, user.id);
  });

  app.post("/api/account/recovery-codes", { config: strict(10) }, async (request, reply) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    const codes = await generateRecoveryCodes(db, config, originOf(request), session.user);
    return reply.header("cache-control", "no-store").status(201).send({ codes });
  });

  app.delete("/api/account/recovery-codes", { schema: { body: RemoveFactorBody }, config: strict(10) }, async (request) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    await removeRecoveryCodes(db, config, originOf(request), session.user, request.body?.confirmLastFactor);
    return { message: "Your recovery codes have been removed." };
  });
}
