/*
 * CAPTCHA answers: how they are drawn and how a typed answer is read.
 * - every character is unambiguous both on screen and when spoken: digits and
 *   letters that look alike (0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, 6/G, U/V) or sound
 *   alike (the "ee" rhyme B/D/E/G/P/V/Z, M/N) keep only one member or none;
 * - answers are upper case only, so a typed answer is compared case-insensitively;
 * - characters are drawn with node:crypto, never Math.random, as the answer is a secret.
 */
import { randomInt } from "node:crypto";

export const CAPTCHA_ALPHABET = "ACFHJKMRTUWXY34679";

export function generateCaptchaText(length = 6): string {
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`CAPTCHA length must be a positive integer, got ${length}`);
  }
  let text = "";
  for (let i = 0; i < length; i++) {
    text += CAPTCHA_ALPHABET[randomInt(CAPTCHA_ALPHABET.length)];
  }
  return text;
}

export function normaliseCaptchaAnswer(input: string): string {
  // NFKC folds full-width forms typed through East Asian input methods ("ＡＢ３") to ASCII.
  return input.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}
