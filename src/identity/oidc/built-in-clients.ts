/*
 * cpms and access are relying parties like any other, registered at start:
 * - redirect, post-logout and back-channel logout URIs come from their
 *   public URLs (CPMS_URL, ACCESS_URL);
 * - cpms asks for a second factor (substantial), access for a password (low);
 * - the secret is CPMS_CLIENT_SECRET / ACCESS_CLIENT_SECRET, or a fresh one
 *   at each start that only this process knows.
 */
import type { Config, RelyingPartyName } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { randomToken, sha256 } from "../../platform/crypto.ts";
import type { Assurance } from "../factors/factor.ts";
import { oidcClients } from "./tables.ts";

export type { ClientCredentials } from "../../platform/http/oidc-sign-in.ts";
import type { ClientCredentials } from "../../platform/http/oidc-sign-in.ts";

const BUILT_IN: Record<RelyingPartyName, { name: string; acr: Assurance }> = {
  cpms: { name: "Clinical Patient Management System", acr: "substantial" },
  access: { name: "Authorization system", acr: "low" },
};

/** Where a relying party of this platform receives the authorization response, the end of a sign-out, and back-channel logouts. */
export function relyingPartyUris(config: Config, service: RelyingPartyName) {
  const base = config.urls[service];
  return { redirectUri: `${base}/auth/callback`, postLogoutRedirectUri: `${base}/`, backchannelLogoutUri: `${base}/auth/backchannel-logout` };
}

export async function registerBuiltInClients(db: Db, config: Config): Promise<Record<RelyingPartyName, ClientCredentials>> {
  const credentials = {} as Record<RelyingPartyName, ClientCredentials>;
  for (const service of Object.keys(BUILT_IN) as RelyingPartyName[]) {
    const { clientId, clientSecret = randomToken() } = config.relyingParties[service];
    const uris = relyingPartyUris(config, service);
    const values = {
      name: BUILT_IN[service].name,
      secretHash: sha256(clientSecret),
      redirectUris: [uris.redirectUri],
      postLogoutRedirectUris: [uris.postLogoutRedirectUri],
      backchannelLogoutUri: uris.backchannelLogoutUri,
      acr: BUILT_IN[service].acr,
      grantTypes: ["authorization_code", "refresh_token", "client_credentials"],
      builtIn: true,
    };
    await db
      .insert(oidcClients)
      .values({ clientId, ...values })
      .onConflictDoUpdate({ target: oidcClients.clientId, set: values });
    credentials[service] = { clientId, clientSecret };
  }
  return credentials;
}
