/*
 * Signing out from /cas/logout, as identity's "Sign out" does: the pending
 * second step and the session end, the audit log says so, the cookies go,
 * and the sign-out hooks run (the OpenID Connect provider's session and its
 * applications, this session's CAS tickets).
 */
import { eq } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import { audit } from "../../platform/audit.ts";
import { sha256 } from "../../platform/crypto.ts";
import { clearPendingCookie, clearSessionCookie, PENDING_COOKIE, sessionToken } from "../accounts/cookies.ts";
import { originOf } from "../accounts/routes.ts";
import { endSession } from "../accounts/sessions.ts";
import { runSignOutHooks } from "../accounts/sign-out-hooks.ts";
import { pendingAuthentications } from "../accounts/tables.ts";
import { auditEvents } from "../pg-schema.ts";

export async function signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { db } = request.server.context;
  const token = sessionToken(request);
  const pending = request.cookies[PENDING_COOKIE];
  if (pending) await db.delete(pendingAuthentications).where(eq(pendingAuthentications.tokenHash, sha256(pending)));
  const userId = token ? await endSession(db, token) : null;
  if (userId) await audit(db, auditEvents, originOf(request), { type: "sign_out", actorId: userId, subjectId: userId, details: { via: "cas" } });
  clearSessionCookie(reply);
  clearPendingCookie(reply);
  await runSignOutHooks(request, reply, userId);
}
