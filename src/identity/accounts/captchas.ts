/*
 * CAPTCHA challenges for registration, generated here (no outside service).
 * - a challenge lives 10 minutes and is answered once: right or wrong, it is
 *   deleted, so an answer cannot be guessed by retrying the same image;
 * - the answer is compared case-insensitively, ignoring spaces.
 * The answer is kept in clear: it protects nothing once the challenge is gone.
 */
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { constantTimeEqual } from "../../platform/crypto.ts";
import { InvalidField, NotFound } from "../../platform/http/errors.ts";
import { generateCaptchaText, normaliseCaptchaAnswer } from "./captcha/challenge.ts";
import { captchas } from "./tables.ts";

const TTL_MS = 10 * 60_000;

export async function createCaptcha(db: Db): Promise<string> {
  await db.delete(captchas).where(lt(captchas.expiresAt, new Date()));
  const [row] = await db
    .insert(captchas)
    .values({ answer: generateCaptchaText(), expiresAt: new Date(Date.now() + TTL_MS) })
    .returning({ id: captchas.id });
  return row.id;
}

/** The text to draw or speak, while the challenge is open. */
export async function captchaText(db: Db, id: string): Promise<string> {
  const [row] = await db
    .select({ answer: captchas.answer })
    .from(captchas)
    .where(and(eq(captchas.id, id), gt(captchas.expiresAt, new Date())));
  if (!row) throw new NotFound("This code has expired. Please ask for a new one.");
  return row.answer;
}

const WRONG_CODE = "The code you entered does not match the image. Please type the new code shown.";

export async function checkCaptcha(tx: Db, id: string | undefined, answer: string | undefined): Promise<void> {
  if (!id || !answer) throw new InvalidField("captcha", "Please type the code shown in the image.");
  // Single-use: delete before comparing, so a second try with the same id finds nothing.
  const [row] = await tx.delete(captchas).where(eq(captchas.id, id)).returning();
  const isRight = row !== undefined && row.expiresAt.getTime() > Date.now() && constantTimeEqual(row.answer, normaliseCaptchaAnswer(answer));
  if (!isRight) throw new InvalidField("captcha", WRONG_CODE);
}
