/*
 * The end of every successful sign-in: a session recording how the user
 * signed in, the audit event, and the browser noted as one this account uses.
 */
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import { randomToken, sha256 } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Assurance } from "../factors/factor.ts";
import { auditEvents } from "../pg-schema.ts";
import { createSession } from "./sessions.ts";
import { knownDevices } from "./tables.ts";

export type Opened = { sessionToken: string; deviceToken: string };

export async function openSession(tx: Db, config: Config, origin: RequestOrigin, userId: string, how: { amr: string[]; acr: Assurance }): Promise<Opened> {
  const sessionToken = await createSession(tx, config, userId, how, origin);
  const deviceToken = randomToken();
  await tx.insert(knownDevices).values({ tokenHash: sha256(deviceToken), userId });
  await audit(tx, auditEvents, origin, { type: "sign_in.succeeded", actorId: userId, subjectId: userId, details: { amr: how.amr, acr: how.acr } });
  return { sessionToken, deviceToken };
}
