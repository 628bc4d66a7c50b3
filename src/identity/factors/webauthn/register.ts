/*
 * "Add a security key or trusted platform" in My Account, in two requests:
 * - the options: asked from a signed-in session with a recent sign-in (the
 *   route checks it); they list the account's keys so the same one is not
 *   added twice, and require user verification (PIN, fingerprint, face);
 *   the challenge is kept server-side for this session, REGISTRATION_MINUTES;
 * - the answer: checked against that challenge (single-use: taken before
 *   verifying, so a second attempt finds nothing), this origin and RP ID,
 *   with user verification; then stored, audited and mailed to the owner in
 *   one transaction.
 */
import { and, eq, gt, lt } from "drizzle-orm";
import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON, verifyRegistrationResponse } from "@simplewebauthn/server";
import { isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import type { RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { BadRequest, Conflict } from "../../../platform/http/errors.ts";
import type { CurrentSession } from "../../accounts/sessions.ts";
import { recordFactorChange } from "../changes.ts";
import { checkAnswer, verifyOrRefuse } from "./answers.ts";
import { webauthnFactor } from "./factor.ts";
import { type Key, keysOf } from "./keys.ts";
import { relyingParty, SUPPORTED_ALGORITHMS } from "./relying-party.ts";
import { asRegistrationResponse } from "./schemas.ts";
import { webauthnCredentials, webauthnRegistrations } from "./tables.ts";

export const REGISTRATION_MINUTES = 5;

export async function registrationOptions(db: Db, config: Config, session: CurrentSession): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { user } = session;
  const rp = relyingParty(config);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    // The account's id, not its e-mail: the same on every key, and it says nothing about the person.
    userID: isoUint8Array.fromUTF8String(user.id),
    userName: user.email,
    userDisplayName: `${user.firstName} ${user.lastName}`,
    attestationType: "none",
    excludeCredentials: (await keysOf(db, user.id)).map((key) => ({ id: key.credentialId, transports: key.transports })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
  await db.delete(webauthnRegistrations).where(and(eq(webauthnRegistrations.userId, user.id), lt(webauthnRegistrations.expiresAt, new Date())));
  const row = { userId: user.id, challenge: options.challenge, expiresAt: new Date(Date.now() + REGISTRATION_MINUTES * 60_000) };
  await db
    .insert(webauthnRegistrations)
    .values({ sessionTokenHash: session.tokenHash, ...row })
    .onConflictDoUpdate({ target: webauthnRegistrations.sessionTokenHash, set: row });
  return options;
}

export async function addKey(db: Db, config: Config, origin: RequestOrigin, session: CurrentSession, input: { name: string; response: unknown }): Promise<Key> {
  const { user } = session;
  const rp = relyingParty(config);
  const response = asRegistrationResponse(input.response);
  const [pending] = await db
    .delete(webauthnRegistrations)
    .where(and(eq(webauthnRegistrations.sessionTokenHash, session.tokenHash), gt(webauthnRegistrations.expiresAt, new Date())))
    .returning();
  if (!pending) throw new BadRequest("This request has expired. Please add your security key again.");
  checkAnswer(response, {
    challenge: pending.challenge,
    origin: rp.origin,
    mismatch: "This answer from your security key does not match this request. Please add your security key again.",
  });
  const { registrationInfo: info } = await verifyOrRefuse(
    () =>
      verifyRegistrationResponse({
        response,
        expectedChallenge: pending.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: true,
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      }),
    "Your security key's answer could not be verified. Please add it again.",
  );
  const name = input.name.trim();
  return db.transaction(async (tx) => {
    const [key] = await tx
      .insert(webauthnCredentials)
      .values({
        userId: user.id,
        credentialId: info.credential.id,
        publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
        attachment: response.authenticatorAttachment ?? null,
        deviceType: info.credentialDeviceType,
        isBackedUp: info.credentialBackedUp,
        name,
      })
      .onConflictDoNothing({ target: webauthnCredentials.credentialId })
      .returning();
    if (!key) throw new Conflict("This security key is already registered. Use it to sign in, or remove it first to add it again.");
    await recordFactorChange(tx, config, origin, user, { change: "added", method: webauthnFactor.method, label: webauthnFactor.label, description: name });
    return key;
  });
}
