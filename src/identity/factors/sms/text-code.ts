/*
 * Texting a challenge code, to add a phone or to sign in with it.
 * - a new code for the same challenge (a resend) waits RESEND_SECONDS after
 *   the previous one;
 * - an account receives at most MAX_CODES_PER_HOUR codes in any hour,
 *   whatever they are for, against SMS pumping and message bombing; the
 *   account's row is locked while counting, so parallel requests count right;
 * - the SMS goes through the outbox, in the caller's transaction.
 */
import { and, asc, eq, lt } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { TooManyRequests } from "../../../platform/http/errors.ts";
import { enqueue } from "../../../platform/mail/outbox.ts";
import { users } from "../../accounts/tables.ts";
import { outbox } from "../../pg-schema.ts";
import { CODE_MINUTES, hashChallengeCode, newChallengeCode } from "./challenge-code.ts";
import { smsSends } from "./tables.ts";

export const RESEND_SECONDS = 60;
export const MAX_CODES_PER_HOUR = 5;
const HOUR_MS = 60 * 60_000;

export type TextedCode = { codeHash: string; sentAt: Date; expiresAt: Date };

export async function textChallengeCode(tx: Db, userId: string, number: string, previousSentAt?: Date): Promise<TextedCode> {
  if (previousSentAt) {
    const wait = RESEND_SECONDS - (Date.now() - previousSentAt.getTime()) / 1000;
    if (wait > 0) throw new TooManyRequests(`Please wait ${Math.ceil(wait)} seconds before asking for a new code.`, wait);
  }
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
  await tx.delete(smsSends).where(and(eq(smsSends.userId, userId), lt(smsSends.sentAt, new Date(Date.now() - HOUR_MS))));
  const lastHour = await tx.select({ sentAt: smsSends.sentAt }).from(smsSends).where(eq(smsSends.userId, userId)).orderBy(asc(smsSends.sentAt));
  if (lastHour.length >= MAX_CODES_PER_HOUR) {
    const wait = (lastHour[0].sentAt.getTime() + HOUR_MS - Date.now()) / 1000;
    throw new TooManyRequests(
      `You have asked for ${MAX_CODES_PER_HOUR} codes in the last hour. Please wait ${Math.max(1, Math.ceil(wait / 60))} minutes before asking for another one.`,
      wait,
    );
  }
  const code = newChallengeCode();
  const sentAt = new Date();
  await tx.insert(smsSends).values({ userId, sentAt });
  await enqueue(tx, outbox, { channel: "sms", to: number, text: `Your OpenCPMS Login challenge code is ${code}. It expires in ${CODE_MINUTES} minutes.` });
  return { codeHash: hashChallengeCode(code), sentAt, expiresAt: new Date(sentAt.getTime() + CODE_MINUTES * 60_000) };
}
