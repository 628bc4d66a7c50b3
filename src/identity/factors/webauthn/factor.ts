/* "Security key or trusted platform" as a second factor of the sign-in flow. */
import { BadRequest } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";

export const webauthnFactor: SecondFactor = {
  method: "webauthn",
  label: "Security key or trusted platform",
  isSetUp: async () => false,
  start: async () => {
    throw new BadRequest("This verification method is not available yet.");
  },
  verify: async () => {
    throw new BadRequest("This verification method is not available yet.");
  },
};
