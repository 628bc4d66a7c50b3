/*
 * What a request may do, from its session.
 * - requireSession: signed in at all (401 "Please sign in.");
 * - requireAssurance: at least this level, else `step_up_required` with the
 *   level, so the page can ask for a second factor without a new password;
 * - requireRecentSignIn: authenticated within RECENT_MINUTES, else
 *   `reauthentication_required` — for changing the password or the factors.
 */
import type { FastifyRequest } from "fastify";
import { AuthenticationRequired, Unauthorized } from "../../platform/http/errors.ts";
import { type Assurance, meetsAssurance } from "../factors/factor.ts";
import { sessionToken } from "./cookies.ts";
import { type CurrentSession, findSession } from "./sessions.ts";

export const RECENT_MINUTES = 5;

const cache = new WeakMap<FastifyRequest, Promise<CurrentSession | null>>();

export function currentSession(request: FastifyRequest): Promise<CurrentSession | null> {
  let found = cache.get(request);
  if (!found) {
    const token = sessionToken(request);
    const { db, config } = request.server.context;
    found = token ? findSession(db, config, token) : Promise.resolve(null);
    cache.set(request, found);
  }
  return found;
}

export async function requireSession(request: FastifyRequest): Promise<CurrentSession> {
  const session = await currentSession(request);
  if (!session) throw new Unauthorized("Please sign in.");
  return session;
}

export function requireAssurance(session: CurrentSession, needs: Assurance): void {
  if (!meetsAssurance(session.acr, needs)) {
    throw new AuthenticationRequired("Please confirm it is you with a second verification method.", "step_up_required", { acr: needs });
  }
}

export function requireRecentSignIn(session: CurrentSession): void {
  if (Date.now() - session.authTime.getTime() > RECENT_MINUTES * 60_000) {
    throw new AuthenticationRequired("For your security, please enter your password again to make this change.", "reauthentication_required");
  }
}
