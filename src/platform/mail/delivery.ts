/*
 * Sends pending outbox rows through a transport (SMTP via nodemailer).
 * - rows are claimed with FOR UPDATE SKIP LOCKED, so two instances never send
 *   the same message twice;
 * - "due" is judged by the database's clock, the one that stamped the rows
 *   (a JavaScript date, to the millisecond, can fall just before a row's
 *   microsecond stamp);
 * - a failure is retried with exponential backoff (30 s, 1 min, 2 min, …) up
 *   to OUTBOX_MAX_ATTEMPTS, then the row is marked failed and kept.
 */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import type { PlatformTables } from "../db/platform-tables.ts";

export type Transport = {
  send: (message: { channel: "mail" | "sms"; to: string; subject: string; text: string }) => Promise<void>;
};

const BATCH = 20;

/** Delivers what is due now; returns how many rows it sent. */
export async function deliverDue(
  db: Db,
  outbox: PlatformTables["outbox"],
  transports: Partial<Record<"mail" | "sms", Transport>>,
  maxAttempts: number,
): Promise<number> {
  const channels = Object.keys(transports) as ("mail" | "sms")[];
  if (channels.length === 0) return 0;
  let sent = 0;
  await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, sql`now()`), inArray(outbox.channel, channels)))
      .orderBy(outbox.id)
      .limit(BATCH)
      .for("update", { skipLocked: true });
    for (const row of due) {
      try {
        await transports[row.channel]?.send(row);
        await tx
          .update(outbox)
          .set({ status: "sent", sentAt: new Date(), attempts: row.attempts + 1, lastError: null })
          .where(eq(outbox.id, row.id));
        sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const backoffMs = 30_000 * 2 ** (attempts - 1);
        await tx
          .update(outbox)
          .set({
            attempts,
            lastError: String((error as Error).message).slice(0, 500),
            status: attempts >= maxAttempts ? "failed" : "pending",
            nextAttemptAt: new Date(Date.now() + backoffMs),
          })
          .where(eq(outbox.id, row.id));
      }
    }
  });
  return sent;
}

/** Polls the outbox every intervalMs until stopped. */
export function startDelivery(run: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await run();
    } catch (error) {
      onError(error);
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
