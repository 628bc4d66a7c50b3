/*
 * Service tokens: how an application proves who it is to the API.
 * - `Authorization: Bearer <token>`, the token from identity's
 *   client-credentials grant; access asks identity about it (RFC 7662
 *   introspection, endpoint found by discovery, access authenticating with
 *   its own client credentials), as a resource server of any provider would;
 * - only an active token of the client-credentials kind is accepted: one
 *   with a `sub` was given to a user's session, not to a service;
 * - refusals follow RFC 6750: 401 with `WWW-Authenticate: Bearer` (no error
 *   code when no bearer token was sent, `invalid_request` when the header is
 *   malformed, `invalid_token` when identity does not vouch for it);
 * - identity unreachable (or refusing access's own credentials) is a 503:
 *   never a guess either way;
 * - positive answers are cached for at most 30 seconds (never past the
 *   token's expiry), keyed by the SHA-256 of the token, at most 1,000 of
 *   them: a revoked token may work for up to 30 more seconds, in exchange
 *   for not asking identity on every call. Negative answers are not cached.
 * Whether the client may read an application is api_clients' business
 * (require-api-client.ts), checked on every call.
 */
import * as oidc from "openid-client";
import { sha256 } from "../../platform/crypto.ts";
import { Problem } from "../../platform/http/errors.ts";
import type { IdentityProvider } from "../../platform/http/oidc-sign-in-provider.ts";

export const CACHE_MS = 30_000;
export const CACHE_ENTRIES = 1_000;
const REALM = 'Bearer realm="OpenCPMS access"';
// RFC 6750 §2.1: b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/;

export type ServiceCaller = { clientId: string };

export class InvalidServiceToken extends Problem {
  constructor(detail: string, error?: "invalid_request" | "invalid_token") {
    const challenge = error ? `${REALM}, error="${error}", error_description="${detail.replaceAll('"', "'")}"` : REALM;
    super(401, "Unauthorized", detail, undefined, { "www-authenticate": challenge });
  }
}

export class IdentityUnavailable extends Problem {
  constructor() {
    super(503, "Service Unavailable", "The sign-in service cannot be reached to check the service token. Please try again in a moment.", undefined, {
      "retry-after": "5",
    });
  }
}

/** The bearer token of an Authorization header; refuses a missing or malformed one. */
export function bearerTokenOf(header: string | undefined): string {
  if (!header) throw new InvalidServiceToken("A service token is required: send Authorization: Bearer <token from identity's client-credentials grant>.");
  const match = BEARER.exec(header);
  if (!match) throw new InvalidServiceToken("The Authorization header must be: Bearer <token>.", "invalid_request");
  return match[1];
}

export type ServiceTokenVerifier = { verify: (authorization: string | undefined) => Promise<ServiceCaller> };

export function serviceTokenVerifier(
  identity: IdentityProvider,
  options: { now?: () => number; onUnavailable?: (error: unknown) => void } = {},
): ServiceTokenVerifier {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { clientId: string; until: number }>();

  const remember = (key: string, clientId: string, expiresAt: number | undefined) => {
    const until = Math.min(now() + CACHE_MS, expiresAt ? expiresAt * 1000 : Number.POSITIVE_INFINITY);
    cache.delete(key);
    // A Map keeps insertion order: the first key is the oldest.
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, { clientId, until });
  };

  const introspect = async (token: string) => {
    try {
      return await oidc.tokenIntrospection(await identity.configuration(), token, { token_type_hint: "access_token" });
    } catch (error) {
      options.onUnavailable?.(error);
      throw new IdentityUnavailable();
    }
  };

  return {
    async verify(authorization) {
      const token = bearerTokenOf(authorization);
      const key = sha256(token);
      const cached = cache.get(key);
      if (cached && cached.until > now()) return { clientId: cached.clientId };
      if (cached) cache.delete(key);
      const answer = await introspect(token);
      if (!answer.active || typeof answer.client_id !== "string") {
        throw new InvalidServiceToken("The service token is not valid: it is unknown, expired or revoked. Get a new one from identity.", "invalid_token");
      }
      if (answer.sub !== undefined) {
        throw new InvalidServiceToken("This token was given to a user's session: use a token from the client-credentials grant.", "invalid_token");
      }
      remember(key, answer.client_id, answer.exp);
      return { clientId: answer.client_id };
    },
  };
}
