/* The second factors, in the order "Choose your verification method" lists them. */
import type { SecondFactor } from "./factor.ts";
import { mobileAppPinFactor } from "./mobile-app/factor-pin.ts";
import { mobileAppQrFactor } from "./mobile-app/factor-qr.ts";
import { recoveryFactor } from "./recovery/factor.ts";
import { smsFactor } from "./sms/factor.ts";
import { totpFactor } from "./totp/factor.ts";
import { webauthnFactor } from "./webauthn/factor.ts";

export const SECOND_FACTORS: SecondFactor[] = [mobileAppPinFactor, mobileAppQrFactor, smsFactor, webauthnFactor, totpFactor, recoveryFactor];

export const SIGN_IN_METHODS = ["password", ...SECOND_FACTORS.map((factor) => factor.method)];

export function secondFactor(method: string): SecondFactor | undefined {
  return SECOND_FACTORS.find((factor) => factor.method === method);
}

export function methodLabels(): { id: string; label: string }[] {
  return [{ id: "password", label: "Password" }, ...SECOND_FACTORS.map((factor) => ({ id: factor.method, label: factor.label }))];
}
