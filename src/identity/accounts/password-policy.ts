/*
 * The password policy, shared by the server (which enforces it) and the web
 * page (which shows it live, with a strength meter):
 * - at least `minLength` characters (PASSWORD_MIN_LENGTH, default 10);
 * - at least 3 of the 4 groups: upper case, lower case, digits, special;
 * - not a common or breached password, nor one built on one: rejected when
 *   the 49,000-entry common-password list of zxcvbn matches it or its
 *   guessability score is below 3 of 4;
 * - not containing the user's first name, last name or e-mail address.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

export type PasswordRule = "length" | "groups" | "common" | "personal";

export type PasswordCheck = {
  /** 0 (very weak) to 4 (very strong), for the meter. */
  score: number;
  failed: PasswordRule[];
  messages: string[];
};

export type PersonalData = { firstName?: string; lastName?: string; email?: string };

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});
const commonPasswords = new Set(common.dictionary["passwords-common"]);

export function characterGroups(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((group) => group.test(password)).length;
}

function personalFragments({ firstName, lastName, email }: PersonalData): string[] {
  const local = email?.split("@")[0] ?? "";
  return [firstName, lastName, email, local, ...local.split(/[._+-]/)].map((part) => (part ?? "").trim().toLowerCase()).filter((part) => part.length >= 3);
}

export function describeRules(minLength: number): Record<PasswordRule, string> {
  return {
    length: `At least ${minLength} characters`,
    groups: "At least 3 of: upper case letters, lower case letters, numbers, special characters",
    common: "Not a common or easily guessed password",
    personal: "Not containing your name or e-mail address",
  };
}

export function checkPassword(password: string, minLength: number, personal: PersonalData = {}): PasswordCheck {
  const failed: PasswordRule[] = [];
  if (password.length < minLength) failed.push("length");
  if (characterGroups(password) < 3) failed.push("groups");
  const fragments = personalFragments(personal);
  const lower = password.toLowerCase();
  if (fragments.some((fragment) => lower.includes(fragment))) failed.push("personal");
  const result = zxcvbn.check(password.slice(0, 100), fragments);
  if (commonPasswords.has(lower) || result.score < 3) failed.push("common");
  const messages = failed.map((rule) => {
    if (rule === "length") return `Your password must be at least ${minLength} characters long.`;
    if (rule === "groups") return "Use at least 3 of the 4 groups: upper case letters, lower case letters, numbers and special characters.";
    if (rule === "personal") return "Your password must not contain your name or e-mail address.";
    return "This password is too easy to guess: it is common, appears in lists of breached passwords, or is built on one.";
  });
  return { score: failed.length ? Math.min(result.score, 2) : result.score, failed, messages };
}
