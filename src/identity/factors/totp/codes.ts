/*
 * TOTP as authenticator apps know it (RFC 6238 with the usual parameters:
 * SHA-1, 6 digits, 30-second steps) through otplib.
 * - secrets are 160 random bits in base32 (RFC 4226's recommended length);
 * - a code is accepted one step either side of now, for phone clocks a
 *   little off and codes typed as they change;
 * - a match returns its time step, so the caller can refuse a replay.
 */
import { generateSecret, generateURI, verify } from "otplib";

export const ISSUER = "OpenCPMS Login";
const SECRET_BYTES = 20;
const ONE_STEP_SECONDS = 30;

export const NOT_A_CODE = "Type the 6-digit code your authenticator app shows.";
export const WRONG_CODE = "This code is not correct. Check the time on your phone and type the current code.";

export function newTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

/** "ABCD EFGH …": the secret as people type it into an app by hand. */
export function groupForTyping(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

export function otpauthUri(accountEmail: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label: accountEmail, secret });
}

/** "123 456", "123456 " → "123456"; anything but six digits → null. */
export function normaliseTotpCode(answer: unknown): string | null {
  if (typeof answer !== "string") return null;
  const code = answer.replace(/\s+/g, "");
  return /^\d{6}$/.test(code) ? code : null;
}

/** The time step the code belongs to, or null when it is not a code of this secret now. */
export async function matchingStep(secret: string, code: string): Promise<number | null> {
  const result = await verify({ secret, token: code, epochTolerance: ONE_STEP_SECONDS });
  // The union type also covers HOTP results, which have no time step.
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
