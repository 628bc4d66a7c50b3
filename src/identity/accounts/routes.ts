/*
 * HTTP endpoints of the account flows: parse, call the use case, reply.
 * Guessable or costly endpoints carry tighter per-IP limits than the default.
 */
import type { FastifyRequest } from "fastify";
import type { Server } from "../../platform/http/server.ts";
import type { RequestOrigin } from "../../platform/audit.ts";
import { audit } from "../../platform/audit.ts";
import { auditEvents } from "../pg-schema.ts";
import { renderCaptchaSvg } from "./captcha/image.ts";
import { renderCaptchaWav } from "./captcha/audio.ts";
import { captchaText, createCaptcha } from "./captchas.ts";
import { clearSessionCookie, forgetEmail, rememberEmail, rememberedEmail, sessionToken, setSessionCookie } from "./cookies.ts";
import { normaliseEmail } from "./email.ts";
import { findUsableLink } from "./password-links.ts";
import { describeRules } from "./password-policy.ts";
import { register } from "./register.ts";
import { requestPasswordLink } from "./request-password-link.ts";
import { CaptchaParams, EmailBody, RegistrationBody, SetPasswordBody, SignInBody, TokenBody } from "./schemas.ts";
import { setPasswordWithLink } from "./set-password.ts";
import { signInWithPassword } from "./sign-in.ts";
import { endSession, findSession } from "./sessions.ts";

export const SIGN_IN_METHODS = [{ id: "password", label: "Password" }];

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

const strict = (max: number, timeWindow = 60_000) => ({ rateLimit: { max, timeWindow } });

export function accountRoutes(app: Server): void {
  const { db, config } = app.context;

  app.get("/api/session", async (request) => {
    const token = sessionToken(request);
    const session = token ? await findSession(db, config, token) : null;
    const user = session?.user;
    return {
      user: user ? { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, locale: user.locale } : null,
      acr: session?.acr ?? null,
      amr: session?.amr ?? [],
      rememberedEmail: rememberedEmail(request),
    };
  });

  app.get("/api/settings", async () => ({
    captcha: config.captcha,
    passwordMinLength: config.passwordMinLength,
    passwordRules: describeRules(config.passwordMinLength),
    passwordLinkTtlMinutes: config.passwordLinkTtlMinutes,
  }));

  app.post("/api/captcha", { config: strict(30) }, async () => {
    const id = await createCaptcha(db);
    return { id, image: `/api/captcha/${id}/image.svg`, audio: `/api/captcha/${id}/audio.wav` };
  });

  app.get("/api/captcha/:id/image.svg", { schema: { params: CaptchaParams } }, async (request, reply) => {
    const text = await captchaText(db, request.params.id);
    return reply.type("image/svg+xml").header("cache-control", "no-store").send(renderCaptchaSvg(text));
  });

  app.get("/api/captcha/:id/audio.wav", { schema: { params: CaptchaParams }, config: strict(20) }, async (request, reply) => {
    const text = await captchaText(db, request.params.id);
    return reply.type("audio/wav").header("cache-control", "no-store").send(renderCaptchaWav(text));
  });

  app.post("/api/accounts", { schema: { body: RegistrationBody }, config: strict(10) }, async (request, reply) => {
    await register(db, config, originOf(request), request.body);
    return reply.status(202).send({
      message: `Thank you. We have sent a message to ${normaliseEmail(request.body.email)}: follow its link to create your password.`,
    });
  });

  app.post("/api/password/link", { schema: { body: EmailBody }, config: strict(10) }, async (request, reply) => {
    await requestPasswordLink(db, config, originOf(request), request.body.email);
    return reply.status(202).send({
      message: `If an account exists for ${normaliseEmail(request.body.email)}, we have sent it a mail with a link to choose a password.`,
    });
  });

  app.post("/api/password/link/check", { schema: { body: TokenBody }, config: strict(30) }, async (request) => {
    const { link, user } = await findUsableLink(db, request.body.token);
    return { purpose: link.purpose, email: user.email, firstName: user.firstName, lastName: user.lastName, expiresAt: link.expiresAt.toISOString() };
  });

  app.post("/api/password", { schema: { body: SetPasswordBody }, config: strict(20) }, async (request) => {
    const { email } = await setPasswordWithLink(db, config, originOf(request), request.body);
    return { email, message: "Your password has been set. You can now sign in." };
  });

  app.post("/api/sign-in/email", { schema: { body: EmailBody }, config: strict(30) }, async (request, reply) => {
    const email = normaliseEmail(request.body.email);
    rememberEmail(reply, email);
    // The same methods for every address, so this step reveals nothing about accounts.
    return { email, methods: SIGN_IN_METHODS };
  });

  app.post("/api/sign-in/forget-email", async (_request, reply) => {
    forgetEmail(reply);
    return { ok: true };
  });

  app.post("/api/sign-in", { schema: { body: SignInBody }, config: strict(30) }, async (request, reply) => {
    const { token } = await signInWithPassword(db, config, originOf(request), request.body);
    setSessionCookie(reply, token);
    rememberEmail(reply, normaliseEmail(request.body.email));
    return { ok: true };
  });

  app.post("/api/sign-out", async (request, reply) => {
    const token = sessionToken(request);
    const userId = token ? await endSession(db, token) : null;
    if (userId) await audit(db, auditEvents, originOf(request), { type: "sign_out", actorId: userId, subjectId: userId });
    clearSessionCookie(reply);
    return { ok: true };
  });
}
