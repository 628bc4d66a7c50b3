/*
 * Telling people: an in-app notification and a mail through the outbox,
 * both written in the caller's transaction — if the change is rolled back
 * nobody is told, and a down mail server loses nothing. Messages name no
 * patient (a pseudonym at most) and link into CPMS; free text that may
 * carry clinical detail (a panel's title, a note, a reason) goes in
 * `detail`, shown in CPMS only, never mailed.
 */
import type { Db } from "../../platform/db/database.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { outbox } from "../pg-schema.ts";
import { notifications } from "./tables.ts";

export type Recipient = { sub: string; email: string | null };

export type Notice = {
  /** "panel.invited", "panel.contribution", "panel.mention", … */
  kind: string;
  /** The notification's title and the mail's subject (without the "CPMS: " prefix). */
  title: string;
  /** The mail's text and the notification's body: no clinical detail (mail may leave the hospital's systems). */
  body: string;
  /** What only CPMS shows, below the body in the notification: a panel's title, a note, a reason — free text that may carry clinical detail. The mail says there is more in CPMS. */
  detail?: string;
  /** A path in CPMS ("/panels/…"): the notification links to it, the mail gives its full address. */
  link: string;
  /** Urgent: the mail's subject says so and the notification stands out. */
  urgent?: boolean;
};

/** Notifies each recipient once (by sub), skipping `except` (the person acting). */
export async function notify(tx: Db, cpmsUrl: string, recipients: Recipient[], notice: Notice, except?: string): Promise<void> {
  const seen = new Set<string>();
  const to = recipients.filter((r) => r.sub !== except && !seen.has(r.sub) && seen.add(r.sub));
  if (to.length === 0) return;
  await tx.insert(notifications).values(
    to.map((r) => ({
      sub: r.sub,
      kind: notice.kind,
      title: notice.title,
      body: notice.detail?.trim() ? `${notice.body}\n${notice.detail.trim()}` : notice.body,
      link: notice.link,
      urgent: notice.urgent ?? false,
    })),
  );
  const subject = `CPMS: ${notice.urgent ? "URGENT — " : ""}${notice.title}`;
  const text = [
    "Hello,",
    "",
    notice.body,
    ...(notice.detail?.trim() ? ["", "There is more about it in CPMS."] : []),
    "",
    `Open it in CPMS: ${cpmsUrl}${notice.link}`,
    "",
    "This message names no patient: their record is only in CPMS.",
  ].join("\n");
  for (const r of to) {
    if (r.email) await enqueue(tx, outbox, { channel: "mail", to: r.email, subject, text });
  }
}
