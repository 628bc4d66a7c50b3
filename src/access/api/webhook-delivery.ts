/*
 * Sends pending webhook deliveries to API clients.
 * - due rows are claimed with FOR UPDATE SKIP LOCKED in a short transaction
 *   that also pushes their next attempt past the time a send may take (a
 *   lease): two instances, or two loops, never send the same row at once,
 *   and no transaction stays open while a slow receiver answers;
 * - if the process dies mid-send, the row is due again once its lease ends:
 *   delivery is at least once, and receivers drop repeats by webhook-id;
 * - "due" is judged by the database's clock (the one that stamped the rows)
 *   unless a time is given;
 * - a POST of the JSON payload, signed (webhook-signature.ts), without
 *   following redirects; a 2xx answer within the timeout is success;
 *   anything else is retried with backoff (30 s, 1 min, 2 min, … at most an
 *   hour) up to WEBHOOK_MAX_ATTEMPTS, then the row is marked failed and kept.
 */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { apiClients, webhookDeliveries } from "./tables.ts";
import { openWebhookSecret } from "./webhook-secret.ts";
import { webhookHeaders } from "../../platform/webhook-signature.ts";

const BATCH = 20;
export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 60 * 60_000;

export type DeliveryOptions = {
  /** Judge what is due, and schedule retries, from this time instead of the database's clock. */
  now?: Date;
  timeoutMs?: number;
};

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
}

type Claimed = typeof webhookDeliveries.$inferSelect & { webhookUrl: string | null; webhookSecret: string | null };

async function claimDue(db: Db, now: Date | undefined, leaseMs: number): Promise<Claimed[]> {
  const at = now ?? sql`now()`;
  const leaseEnd = now ? new Date(now.getTime() + leaseMs) : sql`now() + ${`${leaseMs} milliseconds`}::interval`;
  return db.transaction(async (tx) => {
    // FOR UPDATE on the deliveries alone: a join would lock the clients' rows too.
    const due = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, at)))
      .orderBy(webhookDeliveries.id)
      .limit(BATCH)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: leaseEnd })
      .where(
        inArray(
          webhookDeliveries.id,
          due.map((delivery) => delivery.id),
        ),
      );
    const clients = await tx
      .select()
      .from(apiClients)
      .where(inArray(apiClients.clientId, [...new Set(due.map((delivery) => delivery.clientId))]));
    const byId = new Map(clients.map((client) => [client.clientId, client]));
    return due.map((delivery) => ({
      ...delivery,
      webhookUrl: byId.get(delivery.clientId)?.webhookUrl ?? null,
      webhookSecret: byId.get(delivery.clientId)?.webhookSecret ?? null,
    }));
  });
}

async function send(config: Config, row: Claimed, timeoutMs: number): Promise<void> {
  if (!row.webhookUrl || !row.webhookSecret) throw new Error("The API client no longer has a webhook URL.");
  const secret = openWebhookSecret(config, row.clientId, row.webhookSecret);
  const body = JSON.stringify(row.payload);
  const headers = webhookHeaders(secret, row.eventId, Math.floor(Date.now() / 1000), body);
  const response = await fetch(row.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "OpenCPMS-access-webhooks", ...headers },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) throw new Error(`The webhook URL answered ${response.status}.`);
}

function failureOf(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `No answer within ${timeoutMs / 1000} s.`;
  // fetch says "fetch failed" and puts the reason (refused, unknown host…) in its cause.
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/** Sends what is due; returns how many deliveries succeeded. */
export async function deliverDueWebhooks(db: Db, config: Config, options: DeliveryOptions = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const due = await claimDue(db, options.now, timeoutMs + 30_000);
  const results = await Promise.all(
    due.map(async (row) => {
      const attempts = row.attempts + 1;
      const pending = and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.status, "pending"));
      try {
        await send(config, row, timeoutMs);
        await db.update(webhookDeliveries).set({ status: "sent", sentAt: new Date(), attempts, lastError: null }).where(pending);
        return true;
      } catch (error) {
        const reason = failureOf(error, timeoutMs);
        const from = options.now ? options.now.getTime() : Date.now();
        await db
          .update(webhookDeliveries)
          .set({
            attempts,
            lastError: reason.slice(0, 500),
            status: attempts >= config.webhooks.maxAttempts ? "failed" : "pending",
            nextAttemptAt: new Date(from + backoffMs(attempts)),
          })
          .where(pending);
        return false;
      }
    }),
  );
  return results.filter(Boolean).length;
}

/** Runs deliverDueWebhooks every intervalMs until stopped; the timer never keeps the process alive. Stopping waits for a run under way. */
export function startWebhookDelivery(run: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = run()
      .then(
        () => {},
        (error: unknown) => onError(error),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  timer = setTimeout(tick, intervalMs).unref();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
