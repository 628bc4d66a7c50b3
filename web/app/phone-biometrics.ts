/*
 * Fingerprint or face, where the phone offers them through WebAuthn (a
 * platform authenticator that verifies its user): the phone's own prompt,
 * through @simplewebauthn/browser. A cancelled or timed-out prompt reads as
 * what the user can do about it.
 */
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import type { PlatformAuthenticator } from "../../src/identity/factors/mobile-app/authenticator.ts";

const NOT_CONFIRMED = "Your phone did not confirm your fingerprint or face. Try again, or use your PIN code.";

async function prompted<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    const name = (error as { name?: string; cause?: { name?: string } }).cause?.name ?? (error as { name?: string }).name;
    if (name === "NotAllowedError" || name === "AbortError") throw new Error(NOT_CONFIRMED);
    throw error;
  }
}

export const phoneBiometrics: PlatformAuthenticator = {
  create: (optionsJSON) => prompted(() => startRegistration({ optionsJSON })),
  get: (optionsJSON) => prompted(() => startAuthentication({ optionsJSON })),
};

/** Whether this phone can verify its user (fingerprint, face, or its screen lock) for WebAuthn. */
export async function canUseBiometrics(): Promise<boolean> {
  if (typeof PublicKeyCredential === "undefined") return false;
  return PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().catch(() => false);
}
