/* "Mobile App PIN Code" as a second factor of the sign-in flow. (Being built.) */
import { BadRequest } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";

export const mobileAppPinFactor: SecondFactor = {
  method: "mobile-app-pin",
  label: "Mobile App PIN Code",
  assurance: "substantial",
  isSetUp: async () => false,
  start: async () => {
    throw new BadRequest("Not available yet.");
  },
  verify: async () => {
    throw new BadRequest("Not available yet.");
  },
};
