/*
 * Compatibility with applications written for EU Login's CAS: its
 * authentication levels and "strengths", read from and mapped to our
 * levels of assurance and RFC 8176 `amr` values.
 *
 * Levels: BASIC = low, MEDIUM = substantial, HIGH = high.
 *
 * Strengths a sign-in proves, from its amr (every sign-in starts with the
 * password, so each also proves PASSWORD):
 * - pwd                          → PASSWORD
 * - sms                          → PASSWORD_SMS
 * - hwk, or swk without pin or mca → PASSWORD_WEBAUTHN (a security key, a
 *   trusted platform or a passkey: WebAuthn records `user`, never `pin`);
 * - swk with pin, without otp, or swk with user and mca → PASSWORD_MOBILE_APP:
 *   the OpenCPMS Authenticator's approval (its key signs; the PIN, or the
 *   phone's fingerprint or face over a second channel, unlocks it);
 * - otp                          → PASSWORD_SOFTWARE_TOKEN: a one-time code
 *   from software — an authenticator app (TOTP), the OpenCPMS
 *   Authenticator's QR code (otp + pin) and recovery codes, which record the
 *   same `otp`.
 * MOBILE_APP (the app without a password) is never what a sign-in here
 * proves, but a sign-in that proves PASSWORD_MOBILE_APP satisfies it.
 *
 * An unknown strength or level is a bad request, never silently ignored.
 */
import { BadRequest } from "../../platform/http/errors.ts";
import type { Assurance } from "../factors/factor.ts";

export const STRENGTHS = ["PASSWORD", "PASSWORD_SMS", "PASSWORD_MOBILE_APP", "PASSWORD_SOFTWARE_TOKEN", "MOBILE_APP", "PASSWORD_WEBAUTHN"] as const;
export type Strength = (typeof STRENGTHS)[number];

const LEVELS = { BASIC: "low", MEDIUM: "substantial", HIGH: "high" } as const satisfies Record<string, Assurance>;
type Level = keyof typeof LEVELS;

/** The second-factor methods (factors/registry.ts) whose sign-in proves each strength. */
const METHODS: Record<Strength, string[]> = {
  PASSWORD: [],
  PASSWORD_SMS: ["sms"],
  PASSWORD_WEBAUTHN: ["webauthn"],
  PASSWORD_SOFTWARE_TOKEN: ["mobile-app-qr", "totp", "recovery"],
  PASSWORD_MOBILE_APP: ["mobile-app-pin"],
  MOBILE_APP: ["mobile-app-pin"],
};

export function authenticationLevelOf(acr: Assurance): Level {
  return (Object.keys(LEVELS) as Level[]).find((level) => LEVELS[level] === acr) ?? "BASIC";
}

export function parseAuthenticationLevel(raw: string): Assurance {
  const level = raw.trim().toUpperCase();
  if (!(level in LEVELS)) throw new BadRequest(`Unknown authenticationLevel “${raw}”: use BASIC, MEDIUM or HIGH.`);
  return LEVELS[level as Level];
}

export function parseAcceptStrengths(raw: string): Strength[] {
  const names = raw
    .split(",")
    .map((name) => name.trim().toUpperCase())
    .filter(Boolean);
  if (!names.length) throw new BadRequest(`acceptStrengths names no strength: use ${STRENGTHS.join(", ")}.`);
  const unknown = names.filter((name) => !STRENGTHS.includes(name as Strength));
  if (unknown.length)
    throw new BadRequest(`Unknown strength ${unknown.map((name) => `“${name}”`).join(", ")} in acceptStrengths: use ${STRENGTHS.join(", ")}.`);
  return [...new Set(names as Strength[])];
}

/** The strengths a sign-in with these amr values proved. */
export function strengthsOf(amr: string[]): Strength[] {
  const has = (value: string) => amr.includes(value);
  if (!has("pwd")) return [];
  const strengths: Strength[] = ["PASSWORD"];
  if (has("sms")) strengths.push("PASSWORD_SMS");
  // The OpenCPMS Authenticator approves with its key and the PIN, or the phone's fingerprint or face ("mca": the phone is a second channel).
  const mobileApp = has("swk") && (has("pin") || (has("user") && has("mca")));
  if (mobileApp && !has("otp")) strengths.push("PASSWORD_MOBILE_APP");
  if (has("otp")) strengths.push("PASSWORD_SOFTWARE_TOKEN");
  if (has("hwk") || (has("swk") && !mobileApp)) strengths.push("PASSWORD_WEBAUTHN");
  return strengths;
}

export function meetsStrengths(amr: string[], accepted: Strength[]): boolean {
  const proven = strengthsOf(amr);
  return accepted.some((strength) => proven.includes(strength) || (strength === "MOBILE_APP" && proven.includes("PASSWORD_MOBILE_APP")));
}

/** The second-factor methods that would prove one of the accepted strengths. */
export function methodsProving(accepted: Strength[]): string[] {
  return [...new Set(accepted.flatMap((strength) => METHODS[strength]))];
}
