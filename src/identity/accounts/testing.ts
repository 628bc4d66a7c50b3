/* Test helpers of the account flows: reading the real outbox and walking the mailed links. */
import { and, desc, eq } from "drizzle-orm";
import { sha256 } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { outbox } from "../pg-schema.ts";
import { sessions } from "./tables.ts";
import type { TestBrowser } from "../../platform/testing/http-client.ts";

export async function mailsTo(db: Db, to: string) {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.channel, "mail"), eq(outbox.to, to)))
    .orderBy(desc(outbox.id));
}

/** The token of the newest create/reset-password link mailed to this address. */
export async function latestPasswordToken(db: Db, to: string): Promise<string> {
  for (const mail of await mailsTo(db, to)) {
    const match = mail.text.match(/\/password\/set\?token=([\w-]+)/);
    if (match) return decodeURIComponent(match[1]);
  }
  throw new Error(`No password link was mailed to ${to}`);
}

export const STRONG_PASSWORD = "Lagoon-Violet-Cedar-42";

export const NEWCOMER = {
  firstName: "Ana",
  lastName: "Ferreira",
  email: "ana.ferreira@chlc.example",
  confirmEmail: "ana.ferreira@chlc.example",
  language: "pt",
  privacyAccepted: true,
};

/** Registers and sets a password through the API, as a newcomer would through the pages. */
export async function createAccount(browser: TestBrowser, db: Db, person = NEWCOMER, password = STRONG_PASSWORD): Promise<void> {
  const registered = await browser.post("/api/accounts", person);
  if (registered.status !== 202) throw new Error(`registration failed: ${JSON.stringify(registered.body)}`);
  const token = await latestPasswordToken(db, person.email);
  const set = await browser.post("/api/password", { token, password, confirmPassword: password });
  if (set.status !== 200) throw new Error(`setting the password failed: ${JSON.stringify(set.body)}`);
}

/**
 * Marks the browser's session as having confirmed a second factor, as a
 * step-up would, for tests of what such a session may do. (The step-up
 * itself is proven by each factor's own tests.)
 */
export async function confirmSecondFactor(db: Db, browser: TestBrowser): Promise<void> {
  const token = browser.cookies.get("identity_session");
  if (!token) throw new Error("the browser is not signed in");
  await db
    .update(sessions)
    .set({ acr: "substantial", amr: ["pwd", "otp", "mfa"], authTime: new Date() })
    .where(eq(sessions.tokenHash, sha256(token)));
}
