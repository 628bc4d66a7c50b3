/*
 * opencpms outbox [--json] [--follow]: the mails and SMS of every service's
 * outbox, oldest first. --json prints one JSON object per line (channel, to,
 * subject, text, createdAt, status, service, id); --follow keeps printing new
 * ones. While the server holds the embedded database, they are read through
 * its /dev/outbox.json pages.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfigOrExit, type ServiceName } from "../platform/config.ts";
import { listOutbox, type OutboxEntry } from "../platform/mail/outbox.ts";
import { dataDirHolder } from "../data-dir-lock.ts";
import { accessPlatform } from "../access/pg-schema.ts";
import { cpmsPlatform } from "../cpms/pg-schema.ts";
import { identityPlatform } from "../identity/pg-schema.ts";
import { openForCli } from "./database.ts";

type Entry = OutboxEntry & { service: ServiceName };
const OUTBOXES = { identity: identityPlatform.outbox, access: accessPlatform.outbox, cpms: cpmsPlatform.outbox };

function format(entry: Entry, json: boolean): string {
  if (json) {
    const { channel, to, subject, text, createdAt, status, service, id } = entry;
    return JSON.stringify({ channel, to, subject, text, createdAt, status, service, id });
  }
  const heading = `── ${entry.channel} to ${entry.to} · ${entry.createdAt} · ${entry.status} (${entry.service} #${entry.id})`;
  return [heading, ...(entry.subject ? [`Subject: ${entry.subject}`] : []), "", entry.text, ""].join("\n");
}

export async function outboxCommand(options: { json: boolean; follow: boolean }): Promise<number> {
  const config = loadConfigOrExit();
  const holder = config.databaseUrl ? null : dataDirHolder(config);
  let read: () => Promise<Entry[]>;
  let close = async () => {};
  if (holder) {
    read = async () => {
      const lists = await Promise.all(
        holder.services.map(async (service) => {
          const response = await fetch(`${holder.urls[service]}/dev/outbox.json`);
          if (!response.ok) throw new Error(`The running server does not serve its outbox (DEV_PAGES=off?): stop it to read the database directly.`);
          return ((await response.json()) as OutboxEntry[]).map((entry) => ({ ...entry, service }));
        }),
      );
      return lists.flat();
    };
  } else {
    const database = await openForCli(config);
    read = async () => {
      const lists = await Promise.all(
        config.services.map(async (service) => (await listOutbox(database.db, OUTBOXES[service], 1000)).map((entry) => ({ ...entry, service }))),
      );
      return lists.flat();
    };
    close = () => database.close();
  }

  const seen = new Set<string>();
  try {
    do {
      const entries = (await read()).filter((entry) => !seen.has(`${entry.service}:${entry.id}`));
      entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
      for (const entry of entries) {
        seen.add(`${entry.service}:${entry.id}`);
        console.log(format(entry, options.json));
      }
      if (options.follow) await sleep(1000);
    } while (options.follow);
  } finally {
    await close();
  }
  return 0;
}
