/*
 * How a service signs its users in at identity with OpenID Connect, as any
 * relying party would (openid-client):
 * - GET /auth/login?returnTo=/path: the authorization code flow with PKCE
 *   (S256), state and nonce kept on the server (oidc-sign-in-logins.ts), and
 *   the level of assurance the service needs in acr_values;
 * - GET /auth/callback: identity's answer checked (oidc-sign-in-callback.ts),
 *   then a session of the service's own (oidc-sign-in-sessions.ts) in the
 *   HttpOnly cookie `<service>_session`; a failure is a page with "Try again";
 * - POST /auth/logout (CSRF token as the `_csrf` form field or the header):
 *   ends the session here, then at identity (end_session_endpoint with
 *   id_token_hint), which comes back to the home page;
 * - POST /auth/backchannel-logout: identity ends sessions here with a signed
 *   logout token (oidc-sign-in-logout-token.ts); 200 or 400, never cached;
 * - GET /api/session: who is signed in, for the pages; `currentUser(request)`
 *   for the service's routes;
 * - sign-ins (and refused ones) and sign-outs go to the service's audit log,
 *   in the same transaction as the session; expired rows are purged by a
 *   housekeeping timer.
 */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import * as oidc from "openid-client";
import { Type } from "typebox";
import { audit, type RequestOrigin } from "../audit.ts";
import type { RelyingPartyTables } from "../db/relying-party-tables.ts";
import { Problem } from "./errors.ts";
import { completeLogin, SignInFailed, UNREACHABLE } from "./oidc-sign-in-callback.ts";
import { beginLogin, browserKeyOf, LOGIN_MINUTES, localPath, purgeExpiredLogins } from "./oidc-sign-in-logins.ts";
import { InvalidLogoutToken, verifyLogoutToken } from "./oidc-sign-in-logout-token.ts";
import { type SignInFailure, signInFailedPage } from "./oidc-sign-in-pages.ts";
import { identityProvider } from "./oidc-sign-in-provider.ts";
import {
  type Assurance,
  endRpSession,
  endRpSessionsOf,
  findRpSession,
  openRpSession,
  purgeExpiredRpSessions,
  type RpSession,
  type SignedInUser,
} from "./oidc-sign-in-sessions.ts";
import type { Server } from "./server.ts";

export type ClientCredentials = { clientId: string; clientSecret: string };
export type { Assurance, SignedInUser };

export type OidcSignInOptions = {
  /** The service's client at identity. */
  credentials: ClientCredentials;
  /** The lowest level of assurance the service accepts (sent as acr_values, checked in the ID token). */
  acr: Assurance;
  tables: RelyingPartyTables;
  /** The service's name on its pages ("CPMS"). */
  name: string;
};

const SCOPE = "openid email profile";
const HOUSEKEEPING_MS = 10 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LoginQuery = Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) });
const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 2000 })),
  state: Type.Optional(Type.String({ maxLength: 500 })),
  error: Type.Optional(Type.String({ maxLength: 100 })),
  error_description: Type.Optional(Type.String({ maxLength: 1000 })),
});
const LogoutTokenBody = Type.Object({ logout_token: Type.String({ minLength: 1, maxLength: 20_000, errorMessage: "logout_token is required." }) });

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

/** The audit log's actor column holds identity's ids (UUIDs); another provider's subject goes in the details. */
function actorOf(sub: string) {
  return UUID.test(sub) ? { actorId: sub, subjectId: sub, details: {} } : { actorId: null, subjectId: null, details: { sub } };
}

export async function oidcSignIn(app: Server, options: OidcSignInOptions): Promise<void> {
  const { config, service, db } = app.context;
  const { auditEvents } = app.context.tables;
  const { rpLogins, rpSessions } = options.tables;
  const base = config.urls[service];
  const provider = identityProvider(config.urls.identity, options.credentials);
  const cookies = { session: `${service}_session`, login: `${service}_login` };
  const cookieOptions = { path: "/", httpOnly: true, sameSite: "lax" as const, secure: app.context.secureCookies };
  app.decorate("relyingParty", { tables: options.tables, sessionCookie: cookies.session });

  const failed = (reply: FastifyReply, failure: SignInFailure) =>
    reply.status(failure.status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(signInFailedPage(options.name, failure));

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // identity posts logout tokens, and the sign-out button posts its form, as application/x-www-form-urlencoded.
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 64 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.get("/auth/login", { schema: { querystring: LoginQuery }, config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async (request, reply) => {
      const returnTo = localPath(request.query.returnTo);
      const configuration = await provider.configuration().catch((error: unknown) => {
        request.log.warn({ err: error }, "OpenID Connect discovery failed");
        return null;
      });
      if (!configuration) return failed(reply, UNREACHABLE(returnTo));
      const browserKey = browserKeyOf(request.cookies[cookies.login]);
      const login = await beginLogin(db, rpLogins, browserKey, returnTo);
      reply.setCookie(cookies.login, browserKey, { ...cookieOptions, path: "/auth", maxAge: LOGIN_MINUTES * 60 });
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: `${base}/auth/callback`,
        scope: SCOPE,
        state: login.state,
        nonce: login.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(login.codeVerifier),
        code_challenge_method: "S256",
        acr_values: options.acr,
      });
      return reply.header("cache-control", "no-store").redirect(url.href, 303);
    });

    scope.get("/auth/callback", { schema: { querystring: CallbackQuery } }, async (request, reply) => {
      const context = {
        db,
        logins: rpLogins,
        provider,
        redirectUri: `${base}/auth/callback`,
        acr: options.acr,
        service: options.name,
        onError: (error: unknown) => request.log.warn({ err: error }, "sign-in at identity could not be completed"),
      };
      const search = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
      try {
        const { session, returnTo } = await completeLogin(context, request.query, search, request.cookies[cookies.login]);
        const token = await db.transaction(async (tx) => {
          const previous = request.cookies[cookies.session];
          if (previous) await endRpSession(tx, rpSessions, previous);
          const actor = actorOf(session.sub);
          await audit(tx, auditEvents, originOf(request), {
            type: "sign_in",
            ...actor,
            details: { ...actor.details, acr: session.acr, amr: session.amr, sid: session.sid },
          });
          return openRpSession(tx, rpSessions, config, session);
        });
        reply.setCookie(cookies.session, token, cookieOptions);
        return reply.header("cache-control", "no-store").redirect(returnTo, 303);
      } catch (error) {
        if (!(error instanceof SignInFailed)) throw error;
        if (error.refused) {
          const actor = actorOf(error.refused.sub);
          await audit(db, auditEvents, originOf(request), {
            type: "sign_in_refused",
            ...actor,
            details: { ...actor.details, acr: error.refused.acr, needed: options.acr },
          });
        }
        return failed(reply, error.failure);
      }
    });

    // The CSRF check runs once the form is parsed, so that the token may come as the `_csrf` field of a plain form.
    scope.post("/auth/logout", { config: { csrf: false }, preHandler: app.csrfProtection }, async (request, reply) => {
      const token = request.cookies[cookies.session];
      const ended = token ? await endRpSession(db, rpSessions, token) : null;
      reply.clearCookie(cookies.session, cookieOptions).header("cache-control", "no-store");
      if (!ended) return reply.redirect("/", 303);
      const actor = actorOf(ended.sub);
      await audit(db, auditEvents, originOf(request), { type: "sign_out", ...actor, details: { ...actor.details, sid: ended.sid } });
      const configuration = await provider.configuration().catch(() => null);
      if (!configuration?.serverMetadata().end_session_endpoint) return reply.redirect("/", 303);
      const url = oidc.buildEndSessionUrl(configuration, { id_token_hint: ended.idToken, post_logout_redirect_uri: `${base}/` });
      return reply.redirect(url.href, 303);
    });

    scope.post("/auth/backchannel-logout", { schema: { body: LogoutTokenBody }, config: { csrf: false } }, async (request, reply) => {
      reply.header("cache-control", "no-store");
      let who: { sid?: string; sub?: string };
      try {
        who = await verifyLogoutToken(provider, request.body.logout_token);
      } catch (error) {
        if (!(error instanceof InvalidLogoutToken)) request.log.warn({ err: error }, "a logout token could not be checked");
        const detail = error instanceof InvalidLogoutToken ? `Refused: ${error.message}.` : "The logout token could not be checked.";
        throw new Problem(400, "Bad Request", detail, undefined, { "cache-control": "no-store" });
      }
      const ended = await endRpSessionsOf(db, rpSessions, who);
      for (const sub of new Set(ended.map((session) => session.sub))) {
        const actor = actorOf(sub);
        await audit(db, auditEvents, originOf(request), { type: "sign_out", ...actor, details: { ...actor.details, sid: who.sid, by: "identity" } });
      }
      return reply.status(200).send();
    });
  });

  app.get("/api/session", async (request, reply) => {
    const user = await currentUser(request);
    reply.header("cache-control", "no-store");
    return { user: user ? { name: user.name, email: user.email } : null, acr: user?.acr ?? null };
  });

  const housekeeping = () => Promise.all([purgeExpiredLogins(db, rpLogins), purgeExpiredRpSessions(db, rpSessions, config)]);
  const timer = setInterval(() => housekeeping().catch((error) => app.log.error(error, "sign-in housekeeping failed")), HOUSEKEEPING_MS);
  timer.unref();
  app.addHook("onClose", async () => clearInterval(timer));
}

function withoutIdToken({ idToken: _idToken, ...user }: RpSession): SignedInUser {
  return user;
}

const seen = new WeakMap<FastifyRequest, Promise<SignedInUser | null>>();

/** The user signed in to this service in this request's browser, or null. */
export function currentUser(request: FastifyRequest): Promise<SignedInUser | null> {
  let found = seen.get(request);
  if (!found) {
    const { tables, sessionCookie } = request.server.relyingParty;
    const token = request.cookies[sessionCookie];
    const { db, config } = request.server.context;
    found = token ? findRpSession(db, tables.rpSessions, config, token).then((session) => session && withoutIdToken(session)) : Promise.resolve(null);
    seen.set(request, found);
  }
  return found;
}

declare module "fastify" {
  interface FastifyInstance {
    relyingParty: { tables: RelyingPartyTables; sessionCookie: string };
  }
}
