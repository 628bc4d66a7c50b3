/*
 * The provider inside identity's server:
 * - /.well-known/openid-configuration and /oidc/* go to oidc-provider as they
 *   are (its own body parsing and client authentication; no CSRF token, which
 *   its endpoints replace with client authentication, PKCE, state and its own
 *   xsrf value); the server's security headers and rate limits still apply;
 * - /oidc/interaction/:uid is where the provider sends the user: without an
 *   identity session, to the sign-in page; below the level the client needs,
 *   to the step-up page; after prompt=login or an exceeded max_age, to the
 *   sign-in page again; otherwise straight back, with the identity session's
 *   account, acr, amr and sign-in time. Consent is implied: every client is
 *   registered by the operator;
 * - /oidc/interaction/:uid/abort ends the request with access_denied ("Cancel"
 *   on the step-up page);
 * - ending the provider's session (RP-initiated logout, "Sign out") ends the
 *   identity session too.
 */
import { eq } from "drizzle-orm";
import { Type } from "typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { audit } from "../../platform/audit.ts";
import type { Server } from "../../platform/http/server.ts";
import { SESSION_COOKIE } from "../accounts/cookies.ts";
import { currentSession } from "../accounts/current-session.ts";
import { originOf } from "../accounts/routes.ts";
import { endSession } from "../accounts/sessions.ts";
import { onSignOut } from "../accounts/sign-out-hooks.ts";
import { meetsAssurance } from "../factors/factor.ts";
import { auditEvents } from "../pg-schema.ts";
import { expiredRequestPage, LOGOUT_SCRIPT, LOGOUT_SCRIPT_PATH } from "./pages.ts";
import { clientAcr, requiredAcr } from "./policy.ts";
import { createOidcProvider, OIDC_PREFIX } from "./provider.ts";
import { oidcClients } from "./tables.ts";

const Uid = Type.Object({ uid: Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" }) });

export async function oidcRoutes(app: Server): Promise<Provider> {
  const { db, config } = app.context;
  const provider = await createOidcProvider(db, config);
  endIdentitySessionOnLogout(provider, app);
  endProviderSessionOnSignOut(provider, app);
  provider.on("backchannel.error", (_ctx, error, client) => app.log.warn({ err: error, clientId: client.clientId }, "back-channel logout failed"));
  provider.on("server_error", (_ctx, error) => app.log.error({ err: error }, "OpenID Connect provider error"));
  const callback = provider.callback();

  const handOver = (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    // Fastify's hooks have set the security headers on the reply; the provider writes to the raw response.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) reply.raw.setHeader(name, value as string);
    }
    callback(request.raw, reply.raw);
  };

  await app.register(async (scope) => {
    // The provider reads its request bodies itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    scope.route({ method: ["GET", "POST", "OPTIONS"], url: `${OIDC_PREFIX}/*`, config: { csrf: false }, handler: handOver });
    scope.route({ method: ["GET", "OPTIONS"], url: "/.well-known/openid-configuration", config: { csrf: false }, handler: handOver });
  });

  // The platform's own applications, for identity's home page.
  app.get("/api/applications", async () => {
    const rows = await db
      .select({ name: oidcClients.name, urls: oidcClients.postLogoutRedirectUris })
      .from(oidcClients)
      .where(eq(oidcClients.builtIn, true))
      .orderBy(oidcClients.name);
    return { applications: rows.map((row) => ({ name: row.name, url: row.urls[0] })).filter((app) => app.url) };
  });

  app.get(LOGOUT_SCRIPT_PATH, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=3600").send(LOGOUT_SCRIPT),
  );

  app.get(`${OIDC_PREFIX}/interaction/:uid`, { schema: { params: Uid } }, async (request, reply) => {
    const interaction = await provider.interactionDetails(request.raw, reply.raw).catch(() => null);
    if (!interaction) return reply.status(400).type("text/html; charset=utf-8").send(expiredRequestPage(config));
    if (interaction.uid !== request.params.uid) return reply.redirect(`${OIDC_PREFIX}/interaction/${interaction.uid}`, 303);
    const here = `${OIDC_PREFIX}/interaction/${interaction.uid}`;
    const { prompt, params } = interaction;

    if (prompt.name === "login") {
      const client = await provider.Client.find(String(params.client_id));
      const needs = requiredAcr(params, clientAcr(client as { defaultAcrValues?: string[] } | undefined));
      const session = await currentSession(request);
      // prompt=login or an exceeded max_age: a sign-in made after this request began.
      const fresh = !prompt.reasons.includes("login_prompt") && !prompt.reasons.includes("max_age");
      if (!session || (!fresh && session.authTime.getTime() < interaction.iat * 1000)) {
        const hint = typeof params.login_hint === "string" && params.login_hint.includes("@") ? `&email=${encodeURIComponent(params.login_hint)}` : "";
        return reply.redirect(`/login?returnTo=${encodeURIComponent(here)}&acr=${needs}${hint}`, 303);
      }
      if (!meetsAssurance(session.acr, needs)) return reply.redirect(`/step-up?acr=${needs}&returnTo=${encodeURIComponent(here)}`, 303);
      const returnTo = await provider.interactionResult(request.raw, reply.raw, {
        login: {
          accountId: session.user.id,
          acr: session.acr,
          amr: session.amr,
          ts: Math.floor(session.authTime.getTime() / 1000),
          remember: false,
        },
      });
      return reply.redirect(returnTo, 303);
    }

    if (prompt.name === "consent") {
      const accountId = interaction.session?.accountId;
      if (!accountId) throw new Error("consent asked without a signed-in account");
      const grant = interaction.grantId
        ? await provider.Grant.find(interaction.grantId)
        : new provider.Grant({ accountId, clientId: String(params.client_id) });
      if (!grant) throw new Error("the grant of this interaction is gone");
      const details = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
      if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
      const grantId = await grant.save();
      await audit(db, auditEvents, originOf(request), {
        type: "oidc_grant",
        actorId: accountId,
        subjectId: accountId,
        details: { clientId: String(params.client_id), scope: String(params.scope ?? "") },
      });
      const returnTo = await provider.interactionResult(request.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return reply.redirect(returnTo, 303);
    }

    throw new Error(`unexpected prompt "${prompt.name}"`);
  });

  app.get(`${OIDC_PREFIX}/interaction/:uid/abort`, { schema: { params: Uid } }, async (request, reply) => {
    const returnTo = await provider
      .interactionResult(
        request.raw,
        reply.raw,
        { error: "access_denied", error_description: "The user cancelled the sign-in." },
        { mergeWithLastSubmission: false },
      )
      .catch(() => null);
    if (!returnTo) return reply.status(400).type("text/html; charset=utf-8").send(expiredRequestPage(config));
    return reply.redirect(returnTo, 303);
  });

  return provider;
}

/** "Sign out" on the provider's page ends the identity session as well, and says so in the audit log. */
function endIdentitySessionOnLogout(provider: Provider, app: Server): void {
  const { db } = app.context;
  provider.use(async (ctx, next) => {
    await next();
    const oidc = (ctx as KoaContextWithOIDC).oidc;
    if (oidc?.route !== "end_session_confirm" || !oidc.params?.logout) return;
    const token = ctx.cookies.get(SESSION_COOKIE, { signed: false });
    if (!token) return;
    const userId = await endSession(db, token);
    ctx.cookies.set(SESSION_COOKIE, null, { path: "/", httpOnly: true, sameSite: "lax", secure: app.context.secureCookies, signed: false });
    if (userId) await audit(db, auditEvents, { ip: ctx.ip, userAgent: ctx.get("user-agent") }, { type: "sign_out", actorId: userId, subjectId: userId });
  });
}

/**
 * Signing out on identity's own pages ends the provider's session in this
 * browser too, and tells every application it signed in to that has a
 * back-channel logout URI, as the provider's own "Sign out" does.
 */
function endProviderSessionOnSignOut(provider: Provider, app: Server): void {
  const cookie = "identity_oidc_session";
  onSignOut(app, async (request, reply) => {
    const id = request.cookies[cookie];
    if (!id) return;
    const session = await provider.Session.find(id);
    if (session?.accountId) {
      for (const clientId of Object.keys(session.authorizations ?? {})) {
        const client = await provider.Client.find(clientId);
        const sid = session.sidFor(clientId);
        if (!client?.backchannelLogoutUri || !sid) continue;
        await (client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> })
          .backchannelLogout(session.accountId, sid)
          .catch((error: unknown) => request.log.warn({ err: error, clientId }, "back-channel logout failed"));
      }
    }
    await session?.destroy();
    for (const name of [cookie, `${cookie}.sig`]) reply.clearCookie(name, { path: "/" });
  });
}
