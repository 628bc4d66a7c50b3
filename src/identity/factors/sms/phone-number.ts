/*
 * Mobile phone numbers as users type them and as pages show them.
 * - a number is written in international format: "+", the country code,
 *   the subscriber number, digits only (E.164: at most 15 digits); dots,
 *   parentheses, hyphens and spaces are refused with the seed guide's
 *   instruction rather than guessed away;
 * - only numbers of the configured calling codes (SMS_ALLOWED_COUNTRY_CODES)
 *   are accepted, against SMS pumping to expensive destinations;
 * - pages other than the owner's list show a masked number, "+32 *** *** 789".
 */
import { InvalidField } from "../../../platform/http/errors.ts";

const E164 = /^\+[1-9]\d{6,14}$/;

export const FORMAT_MESSAGE =
  "Enter the number in international format, starting with + and the country code, with no dots, parentheses or hyphens, for example +32123456789.";

// Country calling codes are a prefix code (ITU-T E.164): these are the 1- and 2-digit ones, all others have 3 digits.
const ONE_DIGIT = new Set(["1", "7"]);
const TWO_DIGITS = new Set(
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(" "),
);

/** The calling code of an E.164 number, without the "+". */
export function callingCodeOf(number: string): string {
  const digits = number.slice(1);
  if (ONE_DIGIT.has(digits.slice(0, 1))) return digits.slice(0, 1);
  if (TWO_DIGITS.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.slice(0, 3);
}

/** The number typed, checked and returned in E.164; throws a message for the "number" field. */
export function parsePhoneNumber(typed: string, allowedCallingCodes: string[]): string {
  const number = typed.trim();
  if (!E164.test(number)) throw new InvalidField("number", FORMAT_MESSAGE);
  const code = callingCodeOf(number);
  if (!allowedCallingCodes.includes(code)) {
    throw new InvalidField(
      "number",
      `Text messages cannot be sent to numbers with the country code +${code}. Use a mobile phone number with one of these country codes: ${allowedCallingCodes.map((c) => `+${c}`).join(", ")}.`,
    );
  }
  return number;
}

export function maskPhoneNumber(number: string): string {
  return `+${callingCodeOf(number)} *** *** ${number.slice(-3)}`;
}
