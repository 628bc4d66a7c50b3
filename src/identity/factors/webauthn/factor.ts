/*
 * "Security key or trusted platform" as a second factor of the sign-in flow.
 * - set up when the account has at least one key;
 * - the challenge lists only the account's keys and requires user
 *   verification; it is kept in the pending sign-in's state;
 * - the answer must come from one of the account's own keys (another
 *   account's key is refused), for this challenge, on this origin and RP ID,
 *   with user verification; the verifier checks the signature and that the
 *   counter went forward, which is then stored with the time of use;
 * - it proves "hwk" or "swk" plus "user" (see amr.ts) at assurance "high".
 */
import { generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { and, eq } from "drizzle-orm";
import { BadRequest } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";
import { amrOf } from "./amr.ts";
import { checkAnswer, verifyOrRefuse } from "./answers.ts";
import { keysOf } from "./keys.ts";
import { relyingParty } from "./relying-party.ts";
import { asAuthenticationResponse } from "./schemas.ts";
import { webauthnCredentials } from "./tables.ts";

const MISMATCH = "This security key answer does not match this sign-in. Please try again.";
const NOT_YOURS = "This security key is not registered to your account. Use a key you added in My Account, or choose another verification method.";

export const webauthnFactor: SecondFactor = {
  method: "webauthn",
  label: "Security key or trusted platform",
  assurance: "high",

  isSetUp: async (db, userId) => {
    const [key] = await db.select({ id: webauthnCredentials.id }).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId)).limit(1);
    return Boolean(key);
  },

  start: async ({ db, config, user }) => {
    const options = await generateAuthenticationOptions({
      rpID: relyingParty(config).id,
      allowCredentials: (await keysOf(db, user.id)).map((key) => ({ id: key.credentialId, transports: key.transports })),
      userVerification: "required",
    });
    return { state: { challenge: options.challenge }, show: options as unknown as Record<string, unknown> };
  },

  verify: async ({ db, config, user }, state, answer) => {
    const response = asAuthenticationResponse(answer.response);
    if (typeof response?.id !== "string" || typeof response.response !== "object") throw new BadRequest(MISMATCH);
    const [key] = await db
      .select()
      .from(webauthnCredentials)
      .where(and(eq(webauthnCredentials.credentialId, response.id), eq(webauthnCredentials.userId, user.id)));
    if (!key) throw new BadRequest(NOT_YOURS);
    const rp = relyingParty(config);
    const challenge = String(state.challenge);
    checkAnswer(response, { challenge, origin: rp.origin, mismatch: MISMATCH });
    const { authenticationInfo: info } = await verifyOrRefuse(
      () =>
        verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          credential: { id: key.credentialId, publicKey: isoBase64URL.toBuffer(key.publicKey), counter: key.counter, transports: key.transports },
          requireUserVerification: true,
        }),
      "Your security key's answer could not be verified. Please try again.",
    );
    await db
      .update(webauthnCredentials)
      .set({ counter: info.newCounter, lastUsedAt: new Date(), isBackedUp: info.credentialBackedUp })
      .where(eq(webauthnCredentials.id, key.id));
    const attachment = response.authenticatorAttachment ?? key.attachment;
    return { amr: amrOf({ attachment, transports: key.transports, deviceType: info.credentialDeviceType, isUserVerified: info.userVerified }), acr: "high" };
  },
};
