/*
 * The OpenID Connect provider (oidc-provider), configured for this platform:
 * - issuer: IDENTITY_URL; discovery at /.well-known/openid-configuration,
 *   every other endpoint under /oidc/;
 * - authorization code flow with PKCE (S256) always, refresh tokens rotated
 *   at each use (a reused one revokes the whole grant), client credentials
 *   for services, userinfo, introspection, revocation, RP-initiated and
 *   back-channel logout;
 * - everything it keeps lives in the database (adapter.ts), keys included
 *   (keys.ts), so two instances behave as one;
 * - sign-in is identity's own: the login prompt asks for the identity
 *   session (policy.ts) and the level of assurance the client needs; the
 *   interaction pages are identity's sign-in and step-up pages (routes.ts);
 * - claims: sub (the account's random id), email, email_verified,
 *   given_name, family_name, name, locale; acr, amr and auth_time from the
 *   identity session;
 * - short lifetimes: codes 1 minute, access and ID tokens 10 minutes.
 */
import { eq } from "drizzle-orm";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type { Config } from "../../platform/config.ts";
import { constantTimeEqual, sha256 } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { users } from "../accounts/tables.ts";
import { ASSURANCE_ORDER } from "../factors/factor.ts";
import { derivedKey } from "../factors/totp/secret-box.ts";
import { postgresAdapter } from "./adapter.ts";
import { signingKeys } from "./keys.ts";
import { errorPage, logoutPage, signedOutPage } from "./pages.ts";
import { loginPolicy } from "./policy.ts";

export const OIDC_PREFIX = "/oidc";

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

export async function createOidcProvider(db: Db, config: Config): Promise<Provider> {
  const sessionSeconds = config.sessionMaxHours * 60 * MINUTE;
  const configuration: Configuration = {
    adapter: postgresAdapter(db),
    jwks: { keys: await signingKeys(db, config) },
    cookies: {
      keys: [await derivedKey(db, config, "oidc-cookies")],
      // Browsers share cookies between the services of one host: the names say whose they are.
      names: { session: "identity_oidc_session", interaction: "identity_oidc_interaction", resume: "identity_oidc_resume" },
      long: { httpOnly: true, sameSite: "lax" },
      short: { httpOnly: true, sameSite: "lax" },
    },
    findAccount: async (_ctx, sub) => {
      const [user] = await db.select().from(users).where(eq(users.id, sub));
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: () => ({
          sub: user.id,
          email: user.email,
          email_verified: user.emailVerifiedAt !== null,
          given_name: user.firstName,
          family_name: user.lastName,
          name: `${user.firstName} ${user.lastName}`,
          locale: user.locale,
        }),
      };
    },
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      // How the user signed in goes with every ID token.
      openid: ["sub", "amr"],
      email: ["email", "email_verified"],
      profile: ["given_name", "family_name", "name", "locale"],
    },
    scopes: ["openid", "offline_access", "email", "profile"],
    acrValues: [...ASSURANCE_ORDER],
    // Relying parties get the claims of their scopes in the ID token too.
    conformIdTokenClaims: false,
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    // The code flow only: no implicit or hybrid flows, which put tokens in URLs.
    responseTypes: ["code"],
    pkce: { required: () => true },
    routes: {
      authorization: `${OIDC_PREFIX}/auth`,
      end_session: `${OIDC_PREFIX}/session/end`,
      introspection: `${OIDC_PREFIX}/token/introspection`,
      jwks: `${OIDC_PREFIX}/jwks`,
      revocation: `${OIDC_PREFIX}/token/revocation`,
      token: `${OIDC_PREFIX}/token`,
      userinfo: `${OIDC_PREFIX}/me`,
      pushed_authorization_request: `${OIDC_PREFIX}/request`,
      registration: `${OIDC_PREFIX}/reg`,
      backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
      code_verification: `${OIDC_PREFIX}/device`,
      device_authorization: `${OIDC_PREFIX}/device/auth`,
      challenge: `${OIDC_PREFIX}/challenge`,
      credential: `${OIDC_PREFIX}/credential`,
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      // Services (confidential clients) may ask whether a token is active; browsers' public clients may not.
      introspection: { enabled: true, allowedPolicy: async (_ctx, client) => client.clientAuthMethod !== "none" },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => logoutPage(ctx, form),
        postLogoutSuccessSource: async (ctx) => signedOutPage(ctx, config),
      },
    },
    interactions: {
      url: (_ctx, interaction) => `${OIDC_PREFIX}/interaction/${interaction.uid}`,
      policy: loginPolicy(db, config),
    },
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed("refresh_token") && code.kind === "AuthorizationCode",
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 10 * MINUTE,
      AuthorizationCode: MINUTE,
      ClientCredentials: 10 * MINUTE,
      IdToken: 10 * MINUTE,
      Interaction: 30 * MINUTE,
      // Without offline_access, a refresh token ends with the sign-in session anyway.
      RefreshToken: (_ctx, token) => (token.scopes.has("offline_access") ? 14 * DAY : sessionSeconds),
      Session: sessionSeconds,
      Grant: 14 * DAY,
    },
    // Only operators register clients (no dynamic registration), and the platform's own
    // relying parties often sit on the same host or network: calls to their back-channel
    // logout URIs may reach private addresses, which oidc-provider refuses by default.
    fetch: (url, options) => {
      const { dispatcher: _dispatcher, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false,
    renderError: async (ctx, out) => errorPage(ctx, { ...out }, config),
  };

  const provider = new Provider(config.urls.identity, configuration);
  provider.proxy = config.trustProxy;
  // Registered secrets are stored as SHA-256 (adapter.ts): compare the hash of the one presented.
  const clientPrototype = provider.Client.prototype as unknown as { clientSecret?: string; compareClientSecret(actual: string): boolean };
  clientPrototype.compareClientSecret = function compare(actual: string) {
    if (!this.clientSecret) return false;
    return constantTimeEqual(sha256(actual), this.clientSecret);
  };
  return provider;
}

export type OidcContext = KoaContextWithOIDC;
