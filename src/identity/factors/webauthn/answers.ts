/*
 * Reading an authenticator's answer before the verifier does, so that a
 * refusal tells the user what went wrong in words they can act on:
 * - an answer made for another challenge (another sign-in, an older page)
 *   is refused as "does not match";
 * - an answer made on another website (origin) is refused as such;
 * - an answer without user verification (PIN, fingerprint, face) is refused:
 *   both adding a key and signing in with one require it.
 * The verifier (@simplewebauthn/server) then checks everything again, the
 * signature included; whatever else it refuses (a forged signature, a
 * counter gone backwards…) gets one general refusal: its technical reason
 * helps no user.
 */
import { decodeAttestationObject, decodeClientDataJSON, isoBase64URL, parseAuthenticatorData } from "@simplewebauthn/server/helpers";
import { BadRequest, Problem } from "../../../platform/http/errors.ts";

export type Expected = { challenge: string; origin: string; mismatch: string };

const UNREADABLE = "The answer from your security key could not be read. Please try again.";
export const NOT_VERIFIED =
  "Your security key or device did not verify that it is you (with a PIN, fingerprint or face). Please try again and confirm when your device asks, or use a key that can.";

type Answer = { response?: { clientDataJSON?: unknown; authenticatorData?: unknown; attestationObject?: unknown } };

function read<T>(decode: () => T): T {
  try {
    return decode();
  } catch {
    throw new BadRequest(UNREADABLE);
  }
}

/** The flags of an assertion (sign-in) or of an attestation (adding a key). */
function flagsOf(answer: Answer) {
  const { authenticatorData, attestationObject } = answer.response ?? {};
  if (typeof authenticatorData === "string") return parseAuthenticatorData(isoBase64URL.toBuffer(authenticatorData)).flags;
  if (typeof attestationObject === "string")
    return parseAuthenticatorData(decodeAttestationObject(isoBase64URL.toBuffer(attestationObject)).get("authData")).flags;
  throw new Error("no authenticator data");
}

export function checkAnswer(answer: Answer, expected: Expected): void {
  const clientData = read(() => decodeClientDataJSON(String(answer.response?.clientDataJSON)));
  if (clientData.challenge !== expected.challenge) throw new BadRequest(expected.mismatch);
  if (clientData.origin !== expected.origin) throw new BadRequest(`This answer was made for another website. Please use OpenCPMS Login at ${expected.origin}.`);
  if (!read(() => flagsOf(answer)).uv) throw new BadRequest(NOT_VERIFIED);
}

/** The verifier's result once `verified` is known true (a union narrows to its verified member). */
type Verified<T> = [Extract<T, { verified: true }>] extends [never] ? T : Extract<T, { verified: true }>;

/** Runs the verifier; its refusals become one clear message. */
export async function verifyOrRefuse<T extends { verified: boolean }>(verify: () => Promise<T>, refusal: string): Promise<Verified<T>> {
  let result: T;
  try {
    result = await verify();
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw new BadRequest(refusal);
  }
  if (!result.verified) throw new BadRequest(refusal);
  return result as Verified<T>;
}
