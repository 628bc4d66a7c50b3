/*
 * What a WebAuthn sign-in adds to the session's `amr` (RFC 8176):
 * - "swk" (software-secured key) for a trusted platform or a passkey: the
 *   answer says authenticatorAttachment "platform", or the credential lives
 *   on a device ("internal") or a phone reached by QR code ("hybrid"), or it
 *   is synced between devices ("multiDevice", so not bound to one chip);
 * - "hwk" (hardware-secured key) otherwise: a security key plugged in, or
 *   held to the reader (usb, nfc, ble), bound to its hardware;
 * - "user" when the authenticator verified the user (PIN, fingerprint, face;
 *   the UV flag), which both registration and sign-in require.
 * In doubt it claims the weaker "swk". The assurance is "high" either way:
 * a key held by the user plus user verification, on top of the password.
 */
export type KeyFacts = { attachment?: string | null; transports: string[]; deviceType: string; isUserVerified: boolean };

const DEVICE_TRANSPORTS = ["internal", "hybrid"];

export function amrOf(key: KeyFacts): string[] {
  const isPlatform = key.attachment === "platform" || key.transports.some((t) => DEVICE_TRANSPORTS.includes(t)) || key.deviceType === "multiDevice";
  return [isPlatform ? "swk" : "hwk", ...(key.isUserVerified ? ["user"] : [])];
}
