/*
 * What the user is told when the browser's part of WebAuthn (adding a key,
 * or signing in with one) does not produce an answer: cancelled or timed
 * out, a browser without WebAuthn, a key already added, a key that cannot
 * verify the user. The server's refusals are ApiErrors and say their own.
 */
import { browserSupportsWebAuthn, WebAuthnError } from "@simplewebauthn/browser";
import type { TFunction } from "i18next";
import { ApiError } from "../../../../ui/api.ts";

/** `cancelled` is the message key for a cancelled or timed-out request, which depends on what was asked. */
export function ceremonyMessage(error: unknown, t: TFunction, cancelled = "securityKeys.cancelled"): string {
  if (error instanceof ApiError) return error.message;
  if (!browserSupportsWebAuthn()) return t("securityKeys.unsupported");
  if (error instanceof WebAuthnError) {
    if (error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return t("securityKeys.alreadyAdded");
    if (error.code === "ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT") return t("securityKeys.noUserVerification");
  }
  const name = error instanceof Error ? error.name : "";
  // Browsers answer NotAllowedError both when the user cancels and when the request times out.
  if (name === "NotAllowedError" || name === "AbortError") return t(cancelled);
  if (name === "NotSupportedError" || name === "SecurityError") return t("securityKeys.unsupported");
  return t("securityKeys.failed");
}
