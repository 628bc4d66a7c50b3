/* Removes service tickets whose seconds have passed unvalidated; idempotent, so every instance may run it. */
import { lt } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { casTickets } from "./tables.ts";

export async function removeExpiredCasTickets(db: Db): Promise<void> {
  await db.delete(casTickets).where(lt(casTickets.expiresAt, new Date()));
}
