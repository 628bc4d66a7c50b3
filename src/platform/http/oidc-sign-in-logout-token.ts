/*
 * Checks a back-channel logout token (OpenID Connect Back-Channel Logout 1.0,
 * section 2.6) before any session is ended:
 * - signed by identity with one of its published keys (never "none", never a
 *   shared secret);
 * - iss is identity, aud is this service's client id, iat is recent, jti is
 *   present;
 * - events holds the back-channel logout event, there is no nonce (so an ID
 *   token cannot pass for one), and it names a session (sid) or a user (sub).
 */
import { errors, jwtVerify } from "jose";
import type { IdentityProvider } from "./oidc-sign-in-provider.ts";

const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

export class InvalidLogoutToken extends Error {}

export async function verifyLogoutToken(provider: IdentityProvider, token: string): Promise<{ sid?: string; sub?: string }> {
  const keys = await provider.keys();
  const { payload } = await jwtVerify(token, keys, {
    issuer: provider.issuer,
    audience: provider.clientId,
    requiredClaims: ["iat", "jti"],
    maxTokenAge: "5 minutes",
    clockTolerance: 30,
  }).catch((error: unknown) => {
    if (error instanceof errors.JOSEError) throw new InvalidLogoutToken(`the logout token is not valid: ${error.message}`);
    throw error;
  });
  const events = payload.events;
  if (!events || typeof events !== "object" || !(LOGOUT_EVENT in events)) throw new InvalidLogoutToken("the logout token has no back-channel logout event");
  if ("nonce" in payload) throw new InvalidLogoutToken("a logout token must not carry a nonce");
  const sid = typeof payload.sid === "string" && payload.sid ? payload.sid : undefined;
  const sub = typeof payload.sub === "string" && payload.sub ? payload.sub : undefined;
  if (!sid && !sub) throw new InvalidLogoutToken("the logout token names neither a session (sid) nor a user (sub)");
  return { sid, sub };
}
