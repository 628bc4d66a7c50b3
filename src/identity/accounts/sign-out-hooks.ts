/*
 * What else ends when a user signs out of identity: features that keep their
 * own state about the sign-in (the OpenID Connect provider's session and the
 * applications it told, CAS tickets) register here, and the sign-out runs
 * them after the identity session has ended. A hook that fails is logged; the
 * sign-out itself still succeeds.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export type SignOutHook = (request: FastifyRequest, reply: FastifyReply, userId: string | null) => Promise<void>;

const hooks = new WeakMap<FastifyInstance, SignOutHook[]>();

export function onSignOut(app: FastifyInstance, hook: SignOutHook): void {
  hooks.set(app, [...(hooks.get(app) ?? []), hook]);
}

export async function runSignOutHooks(request: FastifyRequest, reply: FastifyReply, userId: string | null): Promise<void> {
  for (const hook of hooks.get(request.server) ?? []) {
    await hook(request, reply, userId).catch((error) => request.log.error(error, "a sign-out hook failed"));
  }
}
