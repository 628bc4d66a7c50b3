/*
 * What the OpenCPMS Authenticator and the sign-in service say to each other,
 * shared by the service, the `opencpms authenticator` command and the app
 * (a web app: so WebCrypto only, no Node modules).
 *
 * Links. The QR codes hold links into the app, so a phone's camera opens it:
 * - initialisation: `<identity>/app/#/init/<token>` (single-use token);
 * - sign-in by QR code: `<identity>/app/#/qr/<question>` (the OCRA question).
 *
 * Keys. At initialisation the app makes a P-256 key pair (the private key
 * never leaves it) and gives the public key (SPKI, base64url); the service
 * answers with a 32-byte device secret, the HMAC-SHA256 key of:
 * - the PIN proof: HMAC(secret, "opencpms-pin-proof\n" + nonce + "\n" +
 *   SHA-1(PIN) in hex), so the PIN is checked without being sent or kept;
 * - the QR method's code: OCRA suite QR_SUITE over the question and SHA-1(PIN).
 *
 * Signatures (ECDSA P-256 with SHA-256, IEEE P1363 r‖s, base64url) over the
 * lines of a message:
 * - activation: "opencpms-activate", device id, nonce, PIN proof;
 * - answer to a sign-in: "opencpms-answer", request id, the request's nonce,
 *   "approve" or "deny", the number picked (empty for a denial), PIN proof
 *   (empty for a denial or an approval with fingerprint or face), and for
 *   the latter a seventh line: the WebAuthn assertion's signature;
 * - the device's own calls: "opencpms-device", device id, purpose, time in
 *   milliseconds (accepted within DEVICE_CLOCK_SKEW_MS). Purposes: reading
 *   its requests, listening, push (with the subscription's endpoint, or
 *   bare to unsubscribe), and fingerprint or face: asking options, turning
 *   it on (with the challenge and the new credential's id), turning it off.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { type Hmac, ocra } from "./ocra.ts";

export const QR_SUITE = "OCRA-1:HOTP-SHA256-8:QA10-PSHA1";
export const QR_QUESTION_LENGTH = 10;
/** Characters of a QR question: no look-alikes (0/O, 1/I/L). */
export const QR_QUESTION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const PIN_PATTERN = /^\d{4}$/;
export const DEVICE_CLOCK_SKEW_MS = 2 * 60_000;
/** What a device's signed call is for; a push subscription is signed with its endpoint (subscriptionPurpose). */
export type DevicePurpose = "requests" | "events" | "push" | `push ${string}` | "biometrics-options" | `biometrics-on ${string} ${string}` | "biometrics-off";

/** Turning fingerprint or face on signs the challenge answered and the credential made, so the proof fits no other call. */
export const biometricsOnPurpose = (challenge: string, credentialId: string): DevicePurpose => `biometrics-on ${challenge} ${credentialId}`;

/** Subscribing signs the endpoint too, so a signed call cannot be replayed with another push service. */
export const subscriptionPurpose = (endpoint: string): DevicePurpose => `push ${endpoint}`;

export function initLink(identityUrl: string, token: string): string {
  return `${identityUrl.replace(/\/$/, "")}/app/#/init/${token}`;
}

export function signInQrLink(identityUrl: string, question: string): string {
  return `${identityUrl.replace(/\/$/, "")}/app/#/qr/${question}`;
}

export type AppLink = { kind: "init"; server: string; token: string } | { kind: "qr"; server: string; question: string };

/** Reads a scanned or pasted link; null if it is not one of ours. */
export function parseAppLink(text: string): AppLink | null {
  const match = /^(https?:\/\/[^\s#]+?)\/app\/?#\/(init|qr)\/([A-Za-z0-9_-]+)$/.exec(text.trim());
  if (!match) return null;
  const [, server, kind, value] = match;
  return kind === "init" ? { kind, server, token: value } : { kind: "qr", server, question: value };
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** SHA-1 of the PIN in hexadecimal: OCRA's `P` input. */
export async function pinHash(pin: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", utf8(pin)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function pinProof(hmac: Hmac, nonce: string, pinHashHex: string): Promise<string> {
  return toBase64url(await hmac("SHA256", utf8(`opencpms-pin-proof\n${nonce}\n${pinHashHex}`)));
}

/** The 8-digit code for a QR question. */
export function qrCode(hmac: Hmac, question: string, pinHashHex: string): Promise<string> {
  return ocra(QR_SUITE, hmac, { question, passwordHash: pinHashHex });
}

export function activationMessage(deviceId: string, nonce: string, proof: string): string {
  return ["opencpms-activate", deviceId, nonce, proof].join("\n");
}

export type Decision = "approve" | "deny";

/**
 * What the device's key signs when it answers: the request and its nonce,
 * the decision, the number picked, and the proof of the user (the PIN proof,
 * or the signature of the fingerprint or face approval).
 */
export function answerMessage(answer: {
  requestId: string;
  nonce: string;
  decision: Decision;
  number?: number;
  pinProof?: string;
  userSignature?: string;
}): string {
  const { requestId, nonce, decision, number, pinProof, userSignature } = answer;
  const lines = ["opencpms-answer", requestId, nonce, decision, number ?? "", pinProof ?? ""];
  // Only an approval with fingerprint or face has a seventh line: a PIN answer reads as it always did.
  if (userSignature !== undefined) lines.push(userSignature);
  return lines.join("\n");
}

export function deviceMessage(deviceId: string, purpose: DevicePurpose, at: number): string {
  return ["opencpms-device", deviceId, purpose, String(at)].join("\n");
}

export const SIGNATURE_ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;

/** Checks a signature made by the app's key; false for any malformed part. */
export async function verifySignature(publicKey: string, message: string, signature: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey("spki", fromBase64url(publicKey), SIGNATURE_ALGORITHM, false, ["verify"]);
    return await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, fromBase64url(signature), utf8(message));
  } catch {
    return false;
  }
}

export async function sign(privateKey: CryptoKey, message: string): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, utf8(message))));
}

/** An HMAC with a WebCrypto key (the app keeps the device secret as a non-extractable HMAC-SHA256 key). */
export function webCryptoHmac(key: CryptoKey): Hmac {
  return async (hash, data) => {
    if (hash !== "SHA256") throw new Error("the device secret is an HMAC-SHA256 key");
    return new Uint8Array(await crypto.subtle.sign("HMAC", key, data as Uint8Array<ArrayBuffer>));
  };
}

export function importDeviceSecret(secret: string, extractable: boolean): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", fromBase64url(secret), { name: "HMAC", hash: "SHA-256" }, extractable, ["sign"]);
}

// ── The API (identity) ───────────────────────────────────────────────────────

/** POST /api/app/activate: the app, having scanned the initialisation code. */
export type ActivateBody = { token: string; publicKey: string };
export type Activated = { deviceId: string; deviceName: string; secret: string; nonce: string; account: { email: string; name: string } };
/** POST /api/app/activate/confirm */
export type ConfirmActivationBody = { deviceId: string; pinProof: string; signature: string };

/** What the app shows of a sign-in waiting for an answer (GET /api/app/requests). */
export type AppRequestView = {
  id: string;
  nonce: string;
  application: string;
  browser: string;
  place: string;
  /** ISO time the sign-in started. */
  time: string;
  expiresAt: string;
  /** Three numbers, one of which the browser shows: the user picks it. */
  numbers: number[];
};
/** POST /api/app/requests/:id/answer */
export type AnswerBody = {
  deviceId: string;
  decision: Decision;
  number?: number;
  pinProof?: string;
  /** In place of the PIN proof: the phone's WebAuthn answer over the request's nonce (fingerprint or face). */
  assertion?: AuthenticationResponseJSON;
  signature: string;
};

/** Turning on fingerprint or face: the device's proof (deviceMessage "biometrics"), its PIN proof over the challenge, the new credential. */
export type EnableBiometricsBody = { deviceId: string; at: number; signature: string; pinProof: string; response: RegistrationResponseJSON };

/** The browser's view of its pending Mobile App PIN Code sign-in (GET /api/sign-in/mobile-app/status, or SSE "status"). */
export type RequestStatus = "pending" | "approved" | "denied" | "expired";
