/* "Recovery code" as a second factor of the sign-in flow. */
import { BadRequest } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";

export const recoveryFactor: SecondFactor = {
  method: "recovery",
  label: "Recovery code",
  isSetUp: async () => false,
  start: async () => {
    throw new BadRequest("This verification method is not available yet.");
  },
  verify: async () => {
    throw new BadRequest("This verification method is not available yet.");
  },
};
