/*
 * When the provider must send the user through identity's pages (the login
 * prompt), on top of oidc-provider's own checks (no session, prompt=login,
 * max_age, id_token_hint):
 * - the identity session is the truth: if it has ended, or belongs to
 *   someone else, or is a newer sign-in than the provider's, the provider's
 *   session is not used as it is;
 * - the level of assurance: a client gets at least the level it asks for
 *   (acr_values, or an essential acr claim) and at least its registered
 *   level; levels are ordered (low < substantial < high), so any level at or
 *   above the one asked for satisfies it — oidc-provider's own acr checks,
 *   which want an exact value and treat acr_values as voluntary, are
 *   replaced by this one;
 * - an unknown level is a bad request, not a silent "low".
 */
import { errors, interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { SESSION_COOKIE } from "../accounts/cookies.ts";
import { type CurrentSession, findSession } from "../accounts/sessions.ts";
import { ASSURANCE_ORDER, type Assurance, meetsAssurance } from "../factors/factor.ts";

const { Check } = interactionPolicy;

type AcrRequest = { acr_values?: unknown; claims?: unknown };

function isAssurance(value: unknown): value is Assurance {
  return ASSURANCE_ORDER.includes(value as Assurance);
}

/** The lowest level this authorization request accepts, never below the client's own. */
export function requiredAcr(params: AcrRequest, clientAcr: Assurance): Assurance {
  const asked: unknown[] = typeof params.acr_values === "string" ? params.acr_values.split(" ").filter(Boolean) : [];
  const claims = typeof params.claims === "string" ? safeJson(params.claims) : params.claims;
  const acrClaim = (claims as { id_token?: { acr?: { value?: unknown; values?: unknown } } } | undefined)?.id_token?.acr;
  if (acrClaim?.value !== undefined) asked.push(acrClaim.value);
  if (Array.isArray(acrClaim?.values)) asked.push(...acrClaim.values);
  const unknown = asked.find((value) => !isAssurance(value));
  if (unknown !== undefined) throw new errors.InvalidRequest(`unknown level of assurance "${String(unknown)}" (use low, substantial or high)`);
  const levels = asked as Assurance[];
  const lowestAsked = levels.reduce<Assurance | undefined>((low, level) => (low && meetsAssurance(level, low) ? low : level), undefined) ?? "low";
  return meetsAssurance(lowestAsked, clientAcr) ? lowestAsked : clientAcr;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The registered level of a client: its first default acr value. */
export function clientAcr(client: { defaultAcrValues?: string[] } | undefined): Assurance {
  const level = client?.defaultAcrValues?.[0];
  return isAssurance(level) ? level : "low";
}

export function acrNeeded(ctx: KoaContextWithOIDC): Assurance {
  return requiredAcr(ctx.oidc.params as AcrRequest, clientAcr(ctx.oidc.client as { defaultAcrValues?: string[] } | undefined));
}

export function loginPolicy(db: Db, config: Config) {
  const sessions = new WeakMap<KoaContextWithOIDC, Promise<CurrentSession | null>>();
  const identitySession = (ctx: KoaContextWithOIDC) => {
    let found = sessions.get(ctx);
    if (!found) {
      const token = ctx.cookies.get(SESSION_COOKIE, { signed: false });
      found = token ? findSession(db, config, token) : Promise.resolve(null);
      sessions.set(ctx, found);
    }
    return found;
  };

  const policy = interactionPolicy.base();
  const login = policy.get("login");
  if (!login) throw new Error("oidc-provider's base policy has no login prompt");
  login.checks.remove("essential_acrs");
  login.checks.remove("essential_acr");
  login.checks.add(
    new Check("identity_session", "the sign-in session at identity has ended or changed", async (ctx) => {
      const { session } = ctx.oidc;
      if (!session?.accountId) return Check.NO_NEED_TO_PROMPT; // "no_session" asks already
      const identity = await identitySession(ctx);
      if (!identity || identity.user.id !== session.accountId) return Check.REQUEST_PROMPT;
      return session.loginTs === Math.floor(identity.authTime.getTime() / 1000) && session.acr === identity.acr
        ? Check.NO_NEED_TO_PROMPT
        : Check.REQUEST_PROMPT;
    }),
  );
  login.checks.add(
    new Check(
      "acr_not_reached",
      "the level of assurance asked for has not been reached",
      (ctx) => (meetsAssurance((ctx.oidc.session?.acr as Assurance | undefined) ?? "low", acrNeeded(ctx)) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT),
      (ctx) => ({ acr: acrNeeded(ctx) }),
    ),
  );
  return policy;
}
