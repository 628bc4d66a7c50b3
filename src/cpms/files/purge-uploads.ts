/*
 * Housekeeping: staged uploads nobody attached within 24 hours are deleted,
 * row and content. The rows go first, in one statement (two instances
 * purging together each get their own rows), then their content; content
 * that cannot be removed is logged and left (a later purge does not see
 * it again, but no row points to it, so nobody can read it).
 */
import { and, isNull, lt } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import type { FileStore } from "./store.ts";
import { files } from "./tables.ts";

export async function purgeExpiredUploads(db: Db, store: FileStore, now = new Date(), log: (message: string) => void = () => {}): Promise<number> {
  const purged = await db
    .delete(files)
    .where(and(isNull(files.patientId), lt(files.expiresAt, now)))
    .returning({ storageKey: files.storageKey });
  for (const { storageKey } of purged) {
    await store.delete(storageKey).catch((error: Error) => log(`an expired upload's content (${storageKey}) could not be removed: ${error.message}`));
  }
  return purged.length;
}

/** Purges every `intervalMs` (first soon after start); returns the stop. */
export function startPurging(run: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): () => void {
  const tick = () => run().catch(onError);
  const first = setTimeout(tick, 10_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
