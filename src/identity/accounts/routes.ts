/*
 * HTTP endpoints of registration and passwords: parse, call the use case, reply.
 * Guessable or costly endpoints carry tighter per-IP limits than the default.
 */
import type { FastifyRequest } from "fastify";
import type { Server } from "../../platform/http/server.ts";
import type { RequestOrigin } from "../../platform/audit.ts";
import { renderCaptchaSvg } from "./captcha/image.ts";
import { renderCaptchaWav } from "./captcha/audio.ts";
import { captchaText, createCaptcha } from "./captchas.ts";
import { normaliseEmail } from "./email.ts";
import { findUsableLink } from "./password-links.ts";
import { describeRules } from "./password-policy.ts";
import { register } from "./register.ts";
import { requestPasswordLink } from "./request-password-link.ts";
import { CaptchaParams, EmailBody, RegistrationBody, SetPasswordBody, TokenBody } from "./schemas.ts";
import { setPasswordWithLink } from "./set-password.ts";

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export const strict = (max: number, timeWindow = 60_000) => ({ rateLimit: { max, timeWindow } });

export function accountRoutes(app: Server): void {
  const { db, config } = app.context;

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
}
