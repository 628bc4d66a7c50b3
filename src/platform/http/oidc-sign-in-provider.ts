/*
 * identity as this service's OpenID Connect provider, found by discovery:
 * - lazily, at the first sign-in, since identity may start after this
 *   service (in the same process or elsewhere);
 * - once: the configuration and the key set are cached; a failed discovery
 *   is not, so the next request tries again;
 * - plain http is allowed only for an http issuer (development), and the
 *   client authenticates with client_secret_basic.
 */
import { createRemoteJWKSet } from "jose";
import * as oidc from "openid-client";
import type { ClientCredentials } from "./oidc-sign-in.ts";

export type IdentityProvider = {
  issuer: string;
  clientId: string;
  /** The discovered client configuration (openid-client). */
  configuration: () => Promise<oidc.Configuration>;
  /** identity's published signing keys, for tokens openid-client does not verify itself (logout tokens). */
  keys: () => Promise<ReturnType<typeof createRemoteJWKSet>>;
};

export function identityProvider(issuer: string, credentials: ClientCredentials): IdentityProvider {
  let discovered: Promise<{ configuration: oidc.Configuration; keys: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const discover = async () => {
    const configuration = await oidc.discovery(new URL(issuer), credentials.clientId, undefined, oidc.ClientSecretBasic(credentials.clientSecret), {
      execute: issuer.startsWith("http:") ? [oidc.allowInsecureRequests] : [],
    });
    const jwksUri = configuration.serverMetadata().jwks_uri;
    if (!jwksUri) throw new Error(`${issuer} publishes no jwks_uri`);
    return { configuration, keys: createRemoteJWKSet(new URL(jwksUri)) };
  };
  const load = () => {
    discovered ??= discover().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };
  return {
    issuer,
    clientId: credentials.clientId,
    configuration: async () => (await load()).configuration,
    keys: async () => (await load()).keys,
  };
}
