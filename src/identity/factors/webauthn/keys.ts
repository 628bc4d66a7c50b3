/*
 * The account's security keys as My Account shows them, and finding one of
 * them by id. Only the owner's keys are found: another account's key, or
 * an id that is no key at all, is "Not found or no access." alike.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { NotFound } from "../../../platform/http/errors.ts";
import { webauthnCredentials } from "./tables.ts";

export type Key = typeof webauthnCredentials.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function presentKey(key: Key) {
  return {
    id: key.id,
    name: key.name,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    isSynced: key.deviceType === "multiDevice",
  };
}

export async function keysOf(db: Db, userId: string): Promise<Key[]> {
  return db.select().from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId)).orderBy(asc(webauthnCredentials.createdAt));
}

export async function ownedKey(db: Db, userId: string, id: string): Promise<Key> {
  const [key] = UUID.test(id)
    ? await db
        .select()
        .from(webauthnCredentials)
        .where(and(eq(webauthnCredentials.id, id), eq(webauthnCredentials.userId, userId)))
    : [];
  if (!key) throw new NotFound();
  return key;
}

export async function renameKey(db: Db, userId: string, id: string, name: string): Promise<Key> {
  if (!UUID.test(id)) throw new NotFound();
  const [renamed] = await db
    .update(webauthnCredentials)
    .set({ name: name.trim() })
    .where(and(eq(webauthnCredentials.id, id), eq(webauthnCredentials.userId, userId)))
    .returning();
  if (!renamed) throw new NotFound();
  return renamed;
}
