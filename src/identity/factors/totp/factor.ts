/*
 * "Authenticator app code" as a second factor of the sign-in flow.
 * - set up = the account has a confirmed authenticator app;
 * - nothing is sent: the app already shows the code;
 * - the answer is a code of any of the account's confirmed apps, one step
 *   either side of now;
 * - a code works once: one whose step is not newer than the app's last
 *   accepted step is refused as a replay; the step is recorded by an update
 *   that re-checks it, so two requests racing with one code cannot both win.
 */
import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { InvalidField } from "../../../platform/http/errors.ts";
import type { SecondFactor } from "../factor.ts";
import { matchingStep, NOT_A_CODE, normaliseTotpCode, WRONG_CODE } from "./codes.ts";
import { openSecret } from "./secret-box.ts";
import { authenticatorApps } from "./tables.ts";

export const REPLAYED_CODE = "This code has already been used. Wait for the next code in your app.";

const confirmedAppsOf = (db: Db, userId: string) =>
  db
    .select()
    .from(authenticatorApps)
    .where(and(eq(authenticatorApps.userId, userId), isNotNull(authenticatorApps.confirmedAt)));

export const totpFactor: SecondFactor = {
  method: "totp",
  label: "Authenticator app code",
  assurance: "substantial",
  isSetUp: async (db, userId) => (await confirmedAppsOf(db, userId).limit(1)).length > 0,
  start: async () => ({ state: {}, show: {} }),
  verify: async ({ db, config, user }, _state, answer) => {
    const code = normaliseTotpCode(answer.code);
    if (!code) throw new InvalidField("code", NOT_A_CODE);
    let isReplay = false;
    for (const app of await confirmedAppsOf(db, user.id)) {
      const step = await matchingStep(await openSecret(db, config, user.id, app.secret), code);
      if (step === null) continue;
      const [used] = await db
        .update(authenticatorApps)
        .set({ lastUsedStep: step, lastUsedAt: new Date() })
        .where(and(eq(authenticatorApps.id, app.id), or(isNull(authenticatorApps.lastUsedStep), lt(authenticatorApps.lastUsedStep, step))))
        .returning({ id: authenticatorApps.id });
      if (used) return { amr: ["otp"], acr: "substantial" };
      isReplay = true;
    }
    throw new InvalidField("code", isReplay ? REPLAYED_CODE : WRONG_CODE);
  },
};
