/* "Authenticator app code" as a second factor of the sign-in flow. */
import { BadRequest } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";

export const totpFactor: SecondFactor = {
  method: "totp",
  label: "Authenticator app code",
  isSetUp: async () => false,
  start: async () => {
    throw new BadRequest("This verification method is not available yet.");
  },
  verify: async () => {
    throw new BadRequest("This verification method is not available yet.");
  },
};
