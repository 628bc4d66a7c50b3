/*
 * /dev/outbox: the outbox as a page, for development and demos where no mail
 * server or SMS gateway is configured (DEV_PAGES=on). Links are clickable, so
 * a person can follow "create your password" without a mailbox.
 * /dev/outbox.json gives the same entries to `opencpms outbox` while the
 * server holds the embedded database.
 */
import type { Db } from "../db/database.ts";
import type { PlatformTables } from "../db/platform-tables.ts";
import type { Server } from "../http/server.ts";
import { listOutbox, type OutboxEntry } from "./outbox.ts";

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

function renderEntry(entry: OutboxEntry): string {
  return `<article>
  <header><strong>${escapeHtml(entry.subject || "(SMS)")}</strong>
  <span class="meta">${entry.channel} to ${escapeHtml(entry.to)} · ${entry.createdAt} · ${entry.status}</span></header>
  <pre>${linkify(entry.text)}</pre>
</article>`;
}

export function devOutboxRoutes(app: Server, db: Db, outbox: PlatformTables["outbox"], title: string): void {
  app.get("/dev/outbox.json", async () => listOutbox(db, outbox));
  app.get("/dev/outbox", async (_request, reply) => {
    const entries = await listOutbox(db, outbox);
    const body = entries.length ? entries.map(renderEntry).join("\n") : "<p>No messages yet.</p>";
    return reply.type("text/html; charset=utf-8").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Outbox — ${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1b1e}
article{border:1px solid #dee2e6;border-radius:8px;padding:1rem;margin:1rem 0}
.meta{display:block;color:#555;font-size:.85rem;margin-top:.25rem}pre{white-space:pre-wrap;font-family:inherit}</style>
</head><body><h1>Outbox — ${escapeHtml(title)}</h1>
<p>Messages this service would send. Development page: no mail server or SMS gateway is configured.</p>
${body}
</body></html>`);
  });
}
