/*
 * identity's answer to a sign-in (the authorization response), in order:
 * - the sign-in under way in this browser with this state is taken (and
 *   removed): none means a wrong state, a replay, another browser or an
 *   expired sign-in;
 * - an error from identity (the user cancelled, is not signed in, …) is told
 *   in plain words;
 * - the code is exchanged (openid-client) with the expected state, nonce and
 *   PKCE verifier, and the ID token verified (signature, iss, aud, exp,
 *   nonce);
 * - its level of assurance (`acr`) must reach the one the service asked for:
 *   a lower or unknown level is refused, whatever identity sent;
 * - then the user is known: who (sub, email, name), how (acr, amr,
 *   auth_time) and in which identity session (sid).
 */
import * as oidc from "openid-client";
import type { Db } from "../db/database.ts";
import type { RelyingPartyTables } from "../db/relying-party-tables.ts";
import { LOGIN_MINUTES, type PendingLogin, takeLogin } from "./oidc-sign-in-logins.ts";
import type { SignInFailure } from "./oidc-sign-in-pages.ts";
import type { IdentityProvider } from "./oidc-sign-in-provider.ts";
import { type Assurance, isAssurance, meetsAssurance, type RpSession } from "./oidc-sign-in-sessions.ts";

export type CallbackQuery = { code?: string; state?: string; error?: string; error_description?: string };

/** A sign-in that cannot complete: the page to show, and (once the ID token was verified) who was refused. */
export class SignInFailed extends Error {
  readonly failure: SignInFailure;
  readonly refused: { sub: string; acr: string } | undefined;
  constructor(failure: SignInFailure, refused?: { sub: string; acr: string }) {
    super(failure.explanation);
    this.failure = failure;
    this.refused = refused;
  }
}

const IDENTITY = "OpenCPMS Login";

export const UNREACHABLE = (returnTo: string): SignInFailure => ({
  status: 503,
  title: "Sign-in is not available right now",
  explanation: `${IDENTITY} cannot be reached at the moment. Please try again in a few minutes.`,
  returnTo,
});

function identityError(query: CallbackQuery, returnTo: string): SignInFailure {
  switch (query.error) {
    case "access_denied":
      return { status: 403, title: "Sign-in cancelled", explanation: `The sign-in at ${IDENTITY} was cancelled, so you are not signed in.`, returnTo };
    case "login_required":
    case "interaction_required":
      return { status: 401, title: "You are not signed in", explanation: `You are not signed in at ${IDENTITY}. Sign in there to continue.`, returnTo };
    default:
      return {
        status: 400,
        title: "Sign-in could not be completed",
        explanation: `${IDENTITY} could not sign you in${query.error_description ? `: ${query.error_description}` : ` (${query.error})`}.`,
        returnTo,
      };
  }
}

const LEVEL_WORDS: Record<Assurance, string> = {
  low: "a password",
  substantial: "a password and a second verification method",
  high: "a password and a security key or passkey",
};

export type CallbackContext = {
  db: Db;
  logins: RelyingPartyTables["rpLogins"];
  provider: IdentityProvider;
  redirectUri: string;
  /** The lowest level of assurance the service accepts. */
  acr: Assurance;
  service: string;
  onError: (error: unknown) => void;
};

export async function completeLogin(
  context: CallbackContext,
  query: CallbackQuery,
  search: string,
  browserKey: string | undefined,
): Promise<{ session: RpSession; returnTo: string }> {
  const login = await takeLogin(context.db, context.logins, browserKey, query.state);
  if (!login) {
    throw new SignInFailed({
      status: 400,
      title: "This sign-in has expired",
      explanation: `This sign-in was not started in this browser, was already completed, or took more than ${LOGIN_MINUTES} minutes.`,
      returnTo: "/",
    });
  }
  if (query.error) throw new SignInFailed(identityError(query, login.returnTo));
  const { acr, ...verified } = await exchangeCode(context, login, search);
  if (!isAssurance(acr) || !meetsAssurance(acr, context.acr)) {
    throw new SignInFailed(
      {
        status: 403,
        title: "A stronger sign-in is needed",
        explanation: `${context.service} needs you to sign in with ${LEVEL_WORDS[context.acr]} (assurance level ${context.acr}); this sign-in was at level ${String(acr ?? "none")}.`,
        returnTo: login.returnTo,
      },
      { sub: verified.sub, acr: String(acr ?? "none") },
    );
  }
  return { session: { ...verified, acr }, returnTo: login.returnTo };
}

/** The user identity vouches for, once the code is exchanged and the ID token verified; the level is checked by the caller. */
async function exchangeCode(context: CallbackContext, login: PendingLogin, search: string): Promise<Omit<RpSession, "acr"> & { acr: unknown }> {
  const unverifiable: SignInFailure = {
    status: 400,
    title: "Sign-in could not be completed",
    explanation: `The answer from ${IDENTITY} could not be verified, so you are not signed in.`,
    returnTo: login.returnTo,
  };
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(await context.provider.configuration(), new URL(`${context.redirectUri}${search}`), {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    context.onError(error);
    const isAnswer = error instanceof oidc.ClientError || error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError;
    throw new SignInFailed(isAnswer ? unverifiable : UNREACHABLE(login.returnTo));
  }
  const claims = tokens.claims();
  if (!claims || !tokens.id_token) throw new SignInFailed(unverifiable);
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);
  const fullName = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(" ");
  return {
    sub: claims.sub,
    sid: text(claims.sid) ?? null,
    email: text(claims.email) ?? null,
    name: text(claims.name) ?? (fullName || text(claims.email) || claims.sub),
    acr: claims.acr,
    amr: Array.isArray(claims.amr) ? claims.amr.filter((value): value is string => typeof value === "string") : [],
    authTime: typeof claims.auth_time === "number" ? new Date(claims.auth_time * 1000) : null,
    idToken: tokens.id_token,
  };
}
