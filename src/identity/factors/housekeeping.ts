/*
 * Removes the second factors' short-lived state once it has served: expired
 * SMS challenges, SMS send records older than the hour they are counted in,
 * expired WebAuthn registration challenges, authenticator apps never
 * confirmed within an hour (their secret was shown, never proven), the
 * OpenCPMS Authenticator's sign-in requests an hour after they expired
 * (so an answer that comes late is still told it is too late), and
 * mobile devices a day after their initialisation code expired unused.
 */
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { mobileAppRequests, mobileDevices } from "./mobile-app/tables.ts";
import { phoneChallenges, smsSends } from "./sms/tables.ts";
import { authenticatorApps } from "./totp/tables.ts";
import { webauthnRegistrations } from "./webauthn/tables.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export async function removeExpiredFactorState(db: Db): Promise<void> {
  const now = new Date();
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  await db.delete(phoneChallenges).where(lt(phoneChallenges.expiresAt, now));
  await db.delete(smsSends).where(lt(smsSends.sentAt, hourAgo));
  await db.delete(webauthnRegistrations).where(lt(webauthnRegistrations.expiresAt, now));
  await db.delete(authenticatorApps).where(and(isNull(authenticatorApps.confirmedAt), lt(authenticatorApps.createdAt, hourAgo)));
  await db.delete(mobileAppRequests).where(lt(mobileAppRequests.expiresAt, hourAgo));
  await db.delete(mobileDevices).where(and(eq(mobileDevices.status, "pending"), lt(mobileDevices.initExpiresAt, new Date(now.getTime() - DAY_MS))));
}
