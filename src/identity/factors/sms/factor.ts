/* "Mobile + SMS" as a second factor of the sign-in flow. */
import { BadRequest } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";

export const smsFactor: SecondFactor = {
  method: "sms",
  label: "Mobile + SMS",
  isSetUp: async () => false,
  start: async () => {
    throw new BadRequest("This verification method is not available yet.");
  },
  verify: async () => {
    throw new BadRequest("This verification method is not available yet.");
  },
};
