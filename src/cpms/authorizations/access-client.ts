/*
 * cpms as a client of the authorisation system's API:
 * - a service token from identity's token endpoint (client_credentials,
 *   cpms's own client), identity found by discovery; the token is reused
 *   until a minute before it expires, and forgotten when access refuses it;
 * - GET {ACCESS_URL}/api/v1/authorizations?sub=…&application=CPMS, the
 *   user's held rights in CPMS;
 * - any failure (identity or access down, a refusal, an answer of the wrong
 *   shape) is AccessUnreachable: the caller decides what a stale copy is
 *   worth. The call to access is bounded by a timeout.
 */
import * as oidc from "openid-client";
import type { ClientCredentials } from "../../platform/http/oidc-sign-in.ts";
import { identityProvider } from "../../platform/http/oidc-sign-in-provider.ts";

export const CPMS_APPLICATION = "CPMS";
const TIMEOUT_MS = 5_000;
const EARLY_RENEWAL_MS = 60_000;

/** One granted right, as access's API describes it (README "Authorizations API for applications"). */
export type GrantedRight = {
  rightId: string;
  status: string;
  profile: { id: string; name: string };
  ern: { code: string; name: string };
  country: { code: string; name: string };
  provider: { id: string; code: string; name: string; guest: boolean };
  grantedSince: string | null;
};

export class AccessUnreachable extends Error {}

export type AccessClient = { rightsOf: (sub: string) => Promise<GrantedRight[]> };

function isGrantedRight(value: unknown): value is GrantedRight {
  const right = value as GrantedRight;
  return (
    typeof right?.rightId === "string" &&
    typeof right.profile?.name === "string" &&
    typeof right.ern?.code === "string" &&
    typeof right.ern.name === "string" &&
    typeof right.country?.code === "string" &&
    typeof right.provider?.id === "string" &&
    typeof right.provider.code === "string" &&
    typeof right.provider.name === "string"
  );
}

export function accessClient(options: { identityUrl: string; accessUrl: string; credentials: ClientCredentials; now?: () => number }): AccessClient {
  const now = options.now ?? Date.now;
  const identity = identityProvider(options.identityUrl, options.credentials);
  let token: { value: string; renewAt: number } | undefined;

  const serviceToken = async (): Promise<string> => {
    if (token && token.renewAt > now()) return token.value;
    const answer = await oidc.clientCredentialsGrant(await identity.configuration());
    const lifetime = (answer.expires_in ?? 300) * 1000;
    token = { value: answer.access_token, renewAt: now() + Math.max(lifetime - EARLY_RENEWAL_MS, lifetime / 2) };
    return token.value;
  };

  return {
    async rightsOf(sub) {
      try {
        const url = new URL("/api/v1/authorizations", options.accessUrl);
        url.search = new URLSearchParams({ sub, application: CPMS_APPLICATION }).toString();
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${await serviceToken()}`, accept: "application/json" },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (response.status === 401) token = undefined;
        if (!response.ok) throw new AccessUnreachable(`the authorisation system answered ${response.status}`);
        const body = (await response.json()) as { authorizations?: unknown };
        if (!Array.isArray(body.authorizations) || !body.authorizations.every(isGrantedRight)) {
          throw new AccessUnreachable("the authorisation system's answer is not a list of authorizations");
        }
        return body.authorizations;
      } catch (error) {
        if (error instanceof AccessUnreachable) throw error;
        throw new AccessUnreachable(`the authorisation system cannot be reached: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
