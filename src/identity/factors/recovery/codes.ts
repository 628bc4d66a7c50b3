/*
 * What a recovery code is.
 * - ten characters from an alphabet without look-alikes (no 0/O, 1/I/L),
 *   shown as "XXXXX-XXXXX": about 49 bits each, drawn uniformly;
 * - typed in any case, with or without spaces and hyphens;
 * - stored as argon2id hashes (hashPassword), not SHA-256: 49 bits is few
 *   enough that a leaked table of fast hashes could be searched offline,
 *   and checking a sign-in's answer against at most ten slow hashes costs
 *   well under a second (they run in parallel).
 */
import { randomInt } from "node:crypto";

export const CODE_COUNT = 10;
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH = 10;
const SHAPE = new RegExp(`^[${ALPHABET}]{${LENGTH}}$`);

function newCode(): string {
  const characters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${characters.slice(0, 5).join("")}-${characters.slice(5).join("")}`;
}

/** CODE_COUNT distinct codes, formatted for reading. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < CODE_COUNT) codes.add(newCode());
  return [...codes];
}

/** "abcde 12345", "ABCDE-12345" → "ABCDE12345"; not the shape of a code → null. */
export function normaliseRecoveryCode(answer: unknown): string | null {
  if (typeof answer !== "string") return null;
  const code = answer.replace(/[\s-]+/g, "").toUpperCase();
  return SHAPE.test(code) ? code : null;
}
