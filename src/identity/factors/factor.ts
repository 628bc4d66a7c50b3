/*
 * What a second factor is to the sign-in flow. Each method (SMS, passkey,
 * authenticator app, recovery code, later the mobile app) implements this in
 * its own folder; the flow (accounts/second-factor.ts) does the rest: the
 * pending sign-in, its expiry and attempt limit, the session it opens or
 * raises, the audit.
 */
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { users } from "../accounts/tables.ts";

export type Assurance = "low" | "substantial" | "high";
export const ASSURANCE_ORDER: Assurance[] = ["low", "substantial", "high"];

export function meetsAssurance(has: Assurance, needs: Assurance): boolean {
  return ASSURANCE_ORDER.indexOf(has) >= ASSURANCE_ORDER.indexOf(needs);
}

export function higherAssurance(a: Assurance, b: Assurance): Assurance {
  return meetsAssurance(a, b) ? a : b;
}

export type User = typeof users.$inferSelect;

export type FactorContext = { db: Db; config: Config; origin: RequestOrigin; user: User };

export type Started = {
  /** Kept server-side with the pending sign-in (hash of a code, a challenge…). */
  state: Record<string, unknown>;
  /** What the page needs to ask for the answer (a masked phone number, WebAuthn options…). */
  show: Record<string, unknown>;
};

export type Proven = {
  /** RFC 8176 values this factor adds to the password's `pwd`. */
  amr: string[];
  acr: Assurance;
};

export type SecondFactor = {
  method: string;
  /** The label in "Choose your verification method". */
  label: string;
  /** The level a sign-in with this factor reaches. */
  assurance: Assurance;
  isSetUp: (db: Db, userId: string) => Promise<boolean>;
  /** Sends or prepares the challenge. `choice` is what the page chose (e.g. which phone). */
  start: (context: FactorContext, choice: Record<string, unknown>) => Promise<Started>;
  /** Checks the answer against the state; throws a Problem with a clear message when wrong. */
  verify: (context: FactorContext, state: Record<string, unknown>, answer: Record<string, unknown>) => Promise<Proven>;
};
