/*
 * The outbox: every mail and SMS is a row written in the same transaction as
 * the change that causes it, so a crash or a down mail server loses nothing.
 * Delivery (delivery.ts) sends pending rows later; with no server configured
 * they stay readable (`opencpms outbox`, /dev/outbox).
 */
import { desc } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import type { PlatformTables } from "../db/platform-tables.ts";

export type Message = { channel: "mail" | "sms"; to: string; subject?: string; text: string };

export async function enqueue(tx: Db, outbox: PlatformTables["outbox"], message: Message): Promise<void> {
  await tx.insert(outbox).values({ channel: message.channel, to: message.to, subject: message.subject ?? "", text: message.text });
}

export type OutboxEntry = {
  id: number;
  channel: "mail" | "sms";
  to: string;
  subject: string;
  text: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  createdAt: string;
  sentAt: string | null;
};

/** The newest messages first, for people reading the outbox. */
export async function listOutbox(db: Db, outbox: PlatformTables["outbox"], limit = 100): Promise<OutboxEntry[]> {
  const rows = await db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit);
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    to: row.to,
    subject: row.subject,
    text: row.text,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  }));
}
