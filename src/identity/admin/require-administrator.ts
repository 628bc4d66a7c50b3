/*
 * Who may administer the sign-in service (its relying parties and CAS
 * services): a signed-in administrator (`isAdmin`) whose session used a
 * second factor. In that order: anyone else is told to sign in (401), a
 * signed-in non-administrator is refused (403) without being asked for a
 * second factor, an administrator below `substantial` is asked to step up.
 */
import type { FastifyRequest } from "fastify";
import { Forbidden } from "../../platform/http/errors.ts";
import { requireAssurance, requireSession } from "../accounts/current-session.ts";
import type { CurrentSession } from "../accounts/sessions.ts";

export async function requireAdministrator(request: FastifyRequest): Promise<CurrentSession> {
  const session = await requireSession(request);
  if (!session.user.isAdmin) throw new Forbidden("Only administrators of the sign-in service can do this.");
  requireAssurance(session, "substantial");
  return session;
}
