/*
 * My Account endpoints of "Security key or trusted platform": list, add (options, then the
 * browser's answer), rename, remove. Adding and removing need a recent sign-in.
 */
import { requireSecurityChangeRights } from "../changes.ts";
import type { Server } from "../../../platform/http/server.ts";
import { requireSession } from "../../accounts/current-session.ts";
import { originOf, strict } from "../../accounts/routes.ts";
import { keysOf, presentKey, renameKey } from "./keys.ts";
import { addKey, registrationOptions } from "./register.ts";
import { removeKey } from "./remove.ts";
import { RemoveFactorBody } from "../schemas.ts";
import { AddKeyBody, KeyNameBody, KeyParams } from "./schemas.ts";

export function webauthnRoutes(app: Server): void {
  const { db, config } = app.context;

  app.get("/api/account/security-keys", async (request) => {
    const { user } = await requireSession(request);
    return { keys: (await keysOf(db, user.id)).map(presentKey) };
  });

  app.post("/api/account/security-keys/options", { schema: { body: KeyNameBody }, config: strict(20) }, async (request) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    return { options: await registrationOptions(db, config, session) };
  });

  app.post("/api/account/security-keys", { schema: { body: AddKeyBody }, config: strict(20) }, async (request, reply) => {
    const session = await requireSession(request);
    const key = await addKey(db, config, originOf(request), session, request.body);
    return reply.status(201).send({ key: presentKey(key), message: `“${key.name}” has been added. You can now use it to sign in.` });
  });

  app.patch("/api/account/security-keys/:id", { schema: { params: KeyParams, body: KeyNameBody }, config: strict(30) }, async (request) => {
    const { user } = await requireSession(request);
    return { key: presentKey(await renameKey(db, user.id, request.params.id, request.body.name)) };
  });

  app.delete("/api/account/security-keys/:id", { schema: { params: KeyParams, body: RemoveFactorBody }, config: strict(20) }, async (request) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    await removeKey(db, config, originOf(request), session.user, request.params.id, request.body?.confirmLastFactor);
    return { message: "The security key has been removed." };
  });
}
