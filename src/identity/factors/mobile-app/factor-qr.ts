/* "Mobile App QR Code" as a second factor of the sign-in flow. (Being built.) */
import { BadRequest } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";

export const mobileAppQrFactor: SecondFactor = {
  method: "mobile-app-qr",
  label: "Mobile App QR Code",
  assurance: "substantial",
  isSetUp: async () => false,
  start: async () => {
    throw new BadRequest("Not available yet.");
  },
  verify: async () => {
    throw new BadRequest("Not available yet.");
  },
};
