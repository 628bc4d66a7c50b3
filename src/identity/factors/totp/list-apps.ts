/*
 * "Manage my authenticator apps": the account's apps, newest first, without
 * their secrets. "Last used" is when a code of it was last accepted (the
 * confirmation code counts).
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { isLive } from "./own-app.ts";
import { authenticatorApps } from "./tables.ts";

export type ListedApp = { id: string; name: string; createdAt: string; confirmedAt: string | null; lastUsedAt: string | null };

export async function listAuthenticatorApps(db: Db, userId: string): Promise<ListedApp[]> {
  const apps = await db
    .select()
    .from(authenticatorApps)
    .where(and(eq(authenticatorApps.userId, userId), isLive()))
    .orderBy(desc(authenticatorApps.createdAt));
  return apps.map((app) => ({
    id: app.id,
    name: app.name,
    createdAt: app.createdAt.toISOString(),
    confirmedAt: app.confirmedAt?.toISOString() ?? null,
    lastUsedAt: app.lastUsedAt?.toISOString() ?? null,
  }));
}
