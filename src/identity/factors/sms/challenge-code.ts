/*
 * The challenge codes texted to a phone, e.g. "K7QF-M2XP".
 * - eight characters from an alphabet without look-alikes (no 0/O, 1/I),
 *   drawn uniformly (32 symbols: a random byte's low 5 bits), shown as two
 *   groups of four;
 * - kept only as a SHA-256 hash: a code lives CODE_MINUTES and allows a few
 *   attempts, so a hash is enough (no slow hash needed);
 * - an answer is compared case-insensitively, ignoring hyphens and spaces,
 *   in constant time.
 */
import { randomBytes } from "node:crypto";
import { constantTimeEqual, sha256 } from "../../../platform/crypto.ts";

export const CODE_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;
export const WRONG_CODE = "This code is not correct. Check the last text message you received.";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newChallengeCode(): string {
  const symbols = Array.from(randomBytes(8), (byte) => ALPHABET[byte & 31]).join("");
  return `${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

function normalise(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

export function hashChallengeCode(code: string): string {
  return sha256(normalise(code));
}

export function isSameCode(answer: unknown, codeHash: string): boolean {
  return typeof answer === "string" && answer.length <= 40 && constantTimeEqual(hashChallengeCode(answer), codeHash);
}
