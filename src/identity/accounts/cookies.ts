/*
 * The identity cookies. Services on one host share cookies whatever their
 * port, so every name starts with the service's.
 * - the session cookie: HttpOnly, SameSite=Lax, Secure behind https, ends
 *   with the browser (the server ends idle sessions itself);
 * - the remembered e-mail ("Welcome back"): HttpOnly, one year;
 * - the pending second step of a sign-in: HttpOnly, minutes;
 * - the known-device token (this browser signed in to the account before).
 */
import type { FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "identity_session";
export const EMAIL_COOKIE = "identity_email";
export const PENDING_COOKIE = "identity_pending";
export const DEVICE_COOKIE = "identity_device";

function options(reply: FastifyReply) {
  return { path: "/", httpOnly: true, sameSite: "lax" as const, secure: reply.server.context.secureCookies };
}

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, options(reply));
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, options(reply));
}

export function rememberEmail(reply: FastifyReply, email: string): void {
  reply.setCookie(EMAIL_COOKIE, email, { ...options(reply), maxAge: 365 * 24 * 3600 });
}

export function forgetEmail(reply: FastifyReply): void {
  reply.clearCookie(EMAIL_COOKIE, options(reply));
}

export function rememberedEmail(request: FastifyRequest): string | null {
  return request.cookies[EMAIL_COOKIE] ?? null;
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

export function setPendingCookie(reply: FastifyReply, token: string, minutes: number): void {
  reply.setCookie(PENDING_COOKIE, token, { ...options(reply), maxAge: minutes * 60 });
}

export function clearPendingCookie(reply: FastifyReply): void {
  reply.clearCookie(PENDING_COOKIE, options(reply));
}

export function setDeviceCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(DEVICE_COOKIE, token, { ...options(reply), maxAge: 365 * 24 * 3600 });
}
