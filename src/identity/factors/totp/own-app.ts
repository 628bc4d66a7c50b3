/*
 * Which authenticator apps a request may see or change: only the account's
 * own, answering "Not found or no access." for any other id (another
 * account's, a removed one, a malformed one) so ids reveal nothing.
 * An unconfirmed app older than UNCONFIRMED_MINUTES no longer exists for
 * anyone: its setup was abandoned.
 */
import { and, eq, gt, isNotNull, or } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { NotFound } from "../../../platform/http/errors.ts";
import { authenticatorApps } from "./tables.ts";

export const UNCONFIRMED_MINUTES = 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Confirmed apps, and unconfirmed ones still within their hour. */
export function isLive() {
  return or(isNotNull(authenticatorApps.confirmedAt), gt(authenticatorApps.createdAt, new Date(Date.now() - UNCONFIRMED_MINUTES * 60_000)));
}

export type AuthenticatorApp = typeof authenticatorApps.$inferSelect;

/** The app, locked for the rest of the transaction. */
export async function findOwnApp(tx: Db, userId: string, appId: string): Promise<AuthenticatorApp> {
  if (!UUID.test(appId)) throw new NotFound();
  const [app] = await tx
    .select()
    .from(authenticatorApps)
    .where(and(eq(authenticatorApps.id, appId), eq(authenticatorApps.userId, userId), isLive()))
    .for("update");
  if (!app) throw new NotFound();
  return app;
}
