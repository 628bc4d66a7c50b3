/*
 * "Add an authenticator app", second half: the first code the app shows.
 * - a code of this app's secret, one step either side of now, confirms it;
 *   a wrong one leaves it unconfirmed (try again with the next code);
 * - the code's step is remembered, so the same code cannot then sign in;
 * - confirming makes it a factor: audited and mailed (recordFactorChange)
 *   in the same transaction, whose update re-checks it is still unconfirmed.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { Conflict, InvalidField } from "../../../platform/http/errors.ts";
import { recordFactorChange } from "../changes.ts";
import type { User } from "../factor.ts";
import { matchingStep, NOT_A_CODE, normaliseTotpCode, WRONG_CODE } from "./codes.ts";
import { findOwnApp } from "./own-app.ts";
import { openSecret } from "./secret-box.ts";
import { authenticatorApps } from "./tables.ts";

const ALREADY = (name: string) => `“${name}” is already confirmed.`;

export async function confirmAuthenticatorApp(db: Db, config: Config, origin: RequestOrigin, user: User, appId: string, answer: string): Promise<void> {
  const code = normaliseTotpCode(answer);
  if (!code) throw new InvalidField("code", NOT_A_CODE);
  const app = await findOwnApp(db, user.id, appId);
  if (app.confirmedAt) throw new Conflict(ALREADY(app.name));
  const step = await matchingStep(await openSecret(db, config, user.id, app.secret), code);
  if (step === null) throw new InvalidField("code", WRONG_CODE);
  await db.transaction(async (tx) => {
    // Re-checked as it is written: of two confirmations at once, one wins.
    const [confirmed] = await tx
      .update(authenticatorApps)
      .set({ confirmedAt: new Date(), lastUsedStep: step, lastUsedAt: new Date() })
      .where(and(eq(authenticatorApps.id, app.id), isNull(authenticatorApps.confirmedAt)))
      .returning();
    if (!confirmed) throw new Conflict(ALREADY(app.name));
    await recordFactorChange(tx, config, origin, user, { change: "added", method: "totp", label: "Authenticator app", description: app.name });
  });
}
