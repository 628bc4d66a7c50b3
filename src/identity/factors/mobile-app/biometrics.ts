/*
 * Fingerprint or face in place of the PIN, where the phone offers them
 * through WebAuthn (a platform authenticator that verifies its user):
 * - turning it on: the app asks for options (signed by the device's key),
 *   the phone makes a platform credential for OpenCPMS Login's RP ID, and
 *   the app sends it with a PIN proof over the challenge, so only who knows
 *   the PIN turns it on (wrong PINs count as everywhere), signed over the
 *   challenge and the credential's id; the challenge works once, for a few
 *   minutes; one credential per device, a new one replaces the old; a
 *   security key is not the phone's own; audited;
 * - approving a sign-in: the request's nonce is the WebAuthn challenge; the
 *   assertion must come from this device's credential, with user
 *   verification, on OpenCPMS Login's origin, its counter going forward;
 *   the device's key also signs the answer with the assertion's signature;
 *   the counter moves on only from the value read (two answers racing with
 *   one credential: one wins), and a credential turned off or replaced
 *   meanwhile is never written back;
 * - such a sign-in proves amr swk + user + mca (RFC 8176: the phone is a
 *   second channel), which tells it from a passkey on the computer itself;
 * - turning it off needs only the device's key: the PIN still works.
 */
import {
  type AuthenticationResponseJSON,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import { and, eq, gt, sql } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { BadRequest, Conflict, Gone, InvalidField } from "../../../platform/http/errors.ts";
import { users } from "../../accounts/tables.ts";
import { auditEvents } from "../../pg-schema.ts";
import { checkAnswer, verifyOrRefuse } from "../webauthn/answers.ts";
import { relyingParty, SUPPORTED_ALGORITHMS } from "../webauthn/relying-party.ts";
import { checkPinProof } from "./device-auth.ts";
import { type MobileAppRequest, type MobileDevice, mobileDevices } from "./tables.ts";

export const BIOMETRICS_MINUTES = 5;
export const BIOMETRICS_ON = "Fingerprint or face is turned on: approve sign-ins with it, or with your PIN code.";
export const BIOMETRICS_OFF_NOW = "Fingerprint or face is turned off: approve sign-ins with your PIN code.";
export const BIOMETRICS_EXPIRED = "This request has expired. Turn on fingerprint or face again.";
export const BIOMETRICS_MISMATCH = "This answer of your phone does not match this request. Turn on fingerprint or face again.";
export const BIOMETRICS_NOT_VERIFIED = "Your phone could not confirm your fingerprint or face. Please try again, or turn it on again.";
export const BIOMETRICS_OFF = "Fingerprint or face is not turned on for this device. Approve with your PIN code.";
export const NOT_THIS_CREDENTIAL = "This fingerprint or face was not turned on for this device. Approve with your PIN code, or turn it on again.";
export const NOT_THE_PHONE = "This is a security key, not your phone's own fingerprint or face. Use the phone's fingerprint or face, or keep the PIN code.";
export const BIOMETRICS_RACED = "Fingerprint or face was turned on from another answer at the same time. It is on: nothing more to do.";
export const USED_MEANWHILE = "Your fingerprint or face was used for another answer at the same moment, or turned off. Please try again.";
export const APPROVAL_MISMATCH = "This answer of your phone does not match this sign-in. Please try again.";

/** The options of navigator.credentials.create(): a platform credential that verifies the user, for this device. */
export async function biometricsOptions(db: Db, config: Config, device: MobileDevice) {
  const [user] = await db.select().from(users).where(eq(users.id, device.userId));
  const rp = relyingParty(config);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    // The device's id: a credential per device, saying nothing about the person.
    userID: isoUint8Array.fromUTF8String(device.id),
    userName: user.email,
    userDisplayName: `${user.firstName} ${user.lastName} (${device.name})`.trim(),
    attestationType: "none",
    authenticatorSelection: { authenticatorAttachment: "platform", residentKey: "discouraged", userVerification: "required" },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
  await db
    .update(mobileDevices)
    .set({ biometricsChallenge: options.challenge, biometricsChallengeExpiresAt: new Date(Date.now() + BIOMETRICS_MINUTES * 60_000) })
    .where(eq(mobileDevices.id, device.id));
  return options;
}

/** Keeps the phone's new credential, once the PIN proof over the challenge and the credential check out. */
export async function enableBiometrics(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  device: MobileDevice,
  input: { pinProof: string; response: RegistrationResponseJSON },
): Promise<void> {
  const challenge = device.biometricsChallenge;
  if (!challenge || !device.biometricsChallengeExpiresAt || device.biometricsChallengeExpiresAt <= new Date()) throw new Gone(BIOMETRICS_EXPIRED);
  await checkPinProof(db, config, origin, device, challenge, input.pinProof);
  if (input.response.authenticatorAttachment === "cross-platform") throw new BadRequest(NOT_THE_PHONE);
  const rp = relyingParty(config);
  checkAnswer(input.response, { challenge, origin: rp.origin, mismatch: BIOMETRICS_MISMATCH });
  const { registrationInfo: info } = await verifyOrRefuse(
    () =>
      verifyRegistrationResponse({
        response: input.response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: true,
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      }),
    BIOMETRICS_NOT_VERIFIED,
  );
  await db.transaction(async (tx) => {
    // The challenge works once: of two answers racing, one is kept.
    const [updated] = await tx
      .update(mobileDevices)
      .set({
        biometrics: {
          credentialId: info.credential.id,
          publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
          counter: info.credential.counter,
          addedAt: new Date().toISOString(),
        },
        biometricsChallenge: null,
        biometricsChallengeExpiresAt: null,
      })
      .where(and(eq(mobileDevices.id, device.id), eq(mobileDevices.biometricsChallenge, challenge), gt(mobileDevices.biometricsChallengeExpiresAt, new Date())))
      .returning({ id: mobileDevices.id });
    if (!updated) throw new Conflict(BIOMETRICS_RACED);
    await audit(tx, auditEvents, origin, { type: "mobile_device.biometrics_on", subjectId: device.userId, details: { deviceId: device.id } });
  });
}

export async function disableBiometrics(db: Db, origin: RequestOrigin, device: MobileDevice): Promise<void> {
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(mobileDevices)
      .set({ biometrics: null, biometricsChallenge: null, biometricsChallengeExpiresAt: null })
      .where(eq(mobileDevices.id, device.id))
      .returning({ had: mobileDevices.id });
    if (updated && device.biometrics)
      await audit(tx, auditEvents, origin, { type: "mobile_device.biometrics_off", subjectId: device.userId, details: { deviceId: device.id } });
  });
}

/** Checks the phone's WebAuthn answer to an approval request (challenge: its nonce); moves the counter on. */
export async function checkBiometricApproval(db: Db, config: Config, device: MobileDevice, request: MobileAppRequest, assertion: AuthenticationResponseJSON) {
  const credential = device.biometrics;
  // Field "biometrics": the app's idea of this device's credential is wrong, and it forgets it.
  if (!credential) throw new InvalidField("biometrics", BIOMETRICS_OFF);
  if (assertion.id !== credential.credentialId) throw new InvalidField("biometrics", NOT_THIS_CREDENTIAL);
  const rp = relyingParty(config);
  checkAnswer(assertion, { challenge: request.question, origin: rp.origin, mismatch: APPROVAL_MISMATCH });
  const { authenticationInfo: info } = await verifyOrRefuse(
    () =>
      verifyAuthenticationResponse({
        response: assertion,
        expectedChallenge: request.question,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: { id: credential.credentialId, publicKey: isoBase64URL.toBuffer(credential.publicKey), counter: credential.counter },
        requireUserVerification: true,
      }),
    BIOMETRICS_NOT_VERIFIED,
  );
  const [moved] = await db
    .update(mobileDevices)
    .set({ biometrics: { ...credential, counter: info.newCounter } })
    .where(
      and(
        eq(mobileDevices.id, device.id),
        sql`${mobileDevices.biometrics}->>'credentialId' = ${credential.credentialId}`,
        sql`(${mobileDevices.biometrics}->>'counter')::bigint = ${credential.counter}`,
      ),
    )
    .returning({ id: mobileDevices.id });
  if (!moved) throw new Conflict(USED_MEANWHILE);
}
