/* The mail telling the owner their recovery codes are running out. */
import type { Config } from "../../../platform/config.ts";
import type { User } from "../factor.ts";

export const FEW_CODES_LEFT = 2;

export function fewCodesLeftMail(config: Config, user: User, remaining: number) {
  const left = remaining === 0 ? "no recovery codes" : `${remaining} recovery code${remaining === 1 ? "" : "s"}`;
  return {
    subject: `OpenCPMS Login: you have ${left} left`,
    text: `Dear ${user.firstName},

A recovery code was just used to sign in to your OpenCPMS Login account ${user.email}. You have ${left} left.

Generate new ones in My Account, “My recovery codes”: ${config.urls.identity}/account/recovery-codes — and keep them somewhere safe.

If you did not sign in, reset your password at once (${config.urls.identity}/password/lost) and check My Account.

Sent to you by OpenCPMS Login`,
  };
}
