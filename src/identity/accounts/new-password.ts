/*
 * A new password as typed in a form: it must satisfy the policy (every
 * broken rule is named on the password field) and be typed twice the same.
 */
import { BadRequest, InvalidField } from "../../platform/http/errors.ts";
import { checkPassword, type PersonalData } from "./password-policy.ts";

export function acceptNewPassword(input: { password: string; confirmPassword: string }, minLength: number, personal: PersonalData): void {
  const check = checkPassword(input.password, minLength, personal);
  if (check.failed.length) {
    throw new BadRequest(
      check.messages[0],
      check.messages.map((detail) => ({ field: "password", detail })),
    );
  }
  if (input.password !== input.confirmPassword) throw new InvalidField("confirmPassword", "The two passwords do not match.");
}
