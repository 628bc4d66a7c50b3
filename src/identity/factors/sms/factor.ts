/*
 * "Mobile + SMS" as a second factor of the sign-in flow.
 * - set up once the account has a verified mobile phone number;
 * - start texts a fresh code to the chosen verified number (`choice.phoneId`,
 *   by default the most recently verified); a restart ("Send a new code")
 *   gets the previous state and obeys the resend limits (text-code.ts);
 * - the page sees masked numbers only; the state keeps the code's hash;
 * - verify compares the answer to the last code texted, within
 *   CODE_MINUTES; the flow counts the attempts and makes the step single-use.
 */
import type { Db } from "../../../platform/db/database.ts";
import { BadRequest, InvalidField } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";
import { isSameCode, WRONG_CODE } from "./challenge-code.ts";
import { maskPhoneNumber } from "./phone-number.ts";
import { verifiedPhonesOf } from "./phones.ts";
import { textChallengeCode } from "./text-code.ts";

type SmsState = { phoneId: string; codeHash: string; sentAt: string; expiresAt: string };

async function hasVerifiedPhone(db: Db, userId: string): Promise<boolean> {
  return (await verifiedPhonesOf(db, userId)).length > 0;
}

export const smsFactor: SecondFactor = {
  method: "sms",
  label: "Mobile + SMS",
  assurance: "substantial",
  isSetUp: hasVerifiedPhone,
  start: async ({ db, user }, choice) => {
    const phones = await verifiedPhonesOf(db, user.id);
    const previous = choice.previous as Partial<SmsState> | undefined;
    const wanted = typeof choice.phoneId === "string" ? choice.phoneId : previous?.phoneId;
    const phone = wanted ? phones.find((p) => p.id === wanted) : phones[0];
    if (!phone) throw new InvalidField("phoneId", "Choose one of your mobile phone numbers.");
    const texted = await db.transaction((tx) => textChallengeCode(tx, user.id, phone.number, previous?.sentAt ? new Date(previous.sentAt) : undefined));
    const state: SmsState = { phoneId: phone.id, codeHash: texted.codeHash, sentAt: texted.sentAt.toISOString(), expiresAt: texted.expiresAt.toISOString() };
    return {
      state,
      show: { phone: maskPhoneNumber(phone.number), phoneId: phone.id, phones: phones.map((p) => ({ id: p.id, masked: maskPhoneNumber(p.number) })) },
    };
  },
  verify: async ({ db, user }, state, answer) => {
    const { phoneId, codeHash, expiresAt } = state as SmsState;
    if (new Date(expiresAt) < new Date()) throw new BadRequest("This code has expired. Ask for a new code with “Send a new code”.");
    if (!isSameCode(answer.code, codeHash)) throw new InvalidField("code", WRONG_CODE);
    // The number may have been deleted since the code was sent.
    if (!(await verifiedPhonesOf(db, user.id)).some((phone) => phone.id === phoneId)) {
      throw new BadRequest("This mobile phone number is no longer on your account. Please sign in again.");
    }
    return { amr: ["sms"], acr: "substantial" };
  },
};
