/*
 * opencpms api-clients add | list | remove CLIENT_ID | rotate-webhook-secret CLIENT_ID —
 * the applications that read authorizations from access over its API
 * (their client id is the one identity gave them for the client-credentials
 * grant: opencpms clients add --client-credentials).
 * - the webhook signing secret is printed once, at `add` (with a webhook
 *   URL) and `rotate-webhook-secret`, and kept sealed;
 * - a refusal names the option to fix; every change is audited in access's
 *   audit log, in the transaction that makes it.
 */
import { parseArgs } from "node:util";
import { type ApiClient, addApiClient, listApiClients, type NewApiClient, removeApiClient, rotateWebhookSecret } from "../access/api/api-clients.ts";
import { auditEvents } from "../access/pg-schema.ts";
import { audit } from "../platform/audit.ts";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { type Opened, type Output, openConfigured, runCommand } from "./command.ts";

export const API_CLIENTS_USAGE = `Usage:
  opencpms api-clients add --client-id CLIENT_ID --name NAME --application APPLICATION [--application …] [--webhook-url URL]
  opencpms api-clients list
  opencpms api-clients remove CLIENT_ID
  opencpms api-clients rotate-webhook-secret CLIENT_ID`;

const OPTION_OF_FIELD: Record<string, string> = { clientId: "--client-id", name: "--name", applications: "--application", webhookUrl: "--webhook-url" };
const FROM_CLI = { userAgent: "opencpms cli" };

type Parsed = { sub: "list" } | { sub: "add"; input: NewApiClient } | { sub: "remove" | "rotate-webhook-secret"; clientId: string } | { usage: string };

function parse(args: string[]): Parsed {
  const [sub, ...rest] = args;
  if (sub === "list" && rest.length === 0) return { sub };
  if ((sub === "remove" || sub === "rotate-webhook-secret") && rest.length === 1 && !rest[0].startsWith("-")) return { sub, clientId: rest[0] };
  if (sub !== "add") return { usage: "" };
  let values: { "client-id"?: string; name?: string; application?: string[]; "webhook-url"?: string };
  try {
    values = parseArgs({
      args: rest,
      options: {
        "client-id": { type: "string" },
        name: { type: "string" },
        application: { type: "string", multiple: true },
        "webhook-url": { type: "string" },
      },
    }).values;
  } catch (error) {
    return { usage: (error as Error).message };
  }
  if (!values["client-id"]) return { usage: "Missing --client-id." };
  if (!values.name) return { usage: "Missing --name." };
  if (!values.application?.length) return { usage: "Missing --application (e.g. --application CPMS)." };
  return { sub, input: { clientId: values["client-id"], name: values.name, applications: values.application, webhookUrl: values["webhook-url"] } };
}

function describe(client: ApiClient): string[] {
  return [
    `${client.clientId}  ${client.name}`,
    `  reads ${client.applications.join(", ")}; registered ${client.createdAt.toISOString()}`,
    `  ${client.webhookUrl ? `webhook: ${client.webhookUrl}` : "no webhook"}`,
  ];
}

function printSecret(out: Output, clientId: string, secret: string): void {
  out.log(`webhook_secret: ${secret}`);
  out.log(`The webhook secret is shown only once: store it now. (opencpms api-clients rotate-webhook-secret ${clientId} replaces a lost one.)`);
}

const shown = ({ clientId, name, applications, webhookUrl }: ApiClient) => ({ clientId, name, applications, webhookUrl });

async function run(db: Db, config: Config, command: Exclude<Parsed, { usage: string }>, out: Output): Promise<number> {
  switch (command.sub) {
    case "list": {
      const clients = await listApiClients(db);
      if (clients.length === 0) out.log("No API client is registered.");
      for (const client of clients) for (const line of describe(client)) out.log(line);
      return 0;
    }
    case "add": {
      const { client, webhookSecret } = await db.transaction(async (tx) => {
        const added = await addApiClient(tx, config, command.input);
        await audit(tx, auditEvents, FROM_CLI, { type: "admin.api_client_added", details: shown(added.client) });
        return added;
      });
      out.log(`API client "${client.name}" (${client.clientId}) may read the authorizations of ${client.applications.join(", ")}.`);
      if (webhookSecret) printSecret(out, client.clientId, webhookSecret);
      return 0;
    }
    case "remove": {
      const removed = await db.transaction(async (tx) => {
        const client = await removeApiClient(tx, command.clientId);
        await audit(tx, auditEvents, FROM_CLI, { type: "admin.api_client_removed", details: shown(client) });
        return client;
      });
      out.log(`API client "${removed.name}" (${removed.clientId}) removed: its tokens no longer read authorizations, and its pending webhooks are dropped.`);
      return 0;
    }
    case "rotate-webhook-secret": {
      const { client, webhookSecret } = await db.transaction(async (tx) => {
        const rotated = await rotateWebhookSecret(tx, config, command.clientId);
        await audit(tx, auditEvents, FROM_CLI, { type: "admin.api_client_webhook_secret_rotated", details: { clientId: rotated.client.clientId } });
        return rotated;
      });
      out.log(`API client "${client.name}" has a new webhook secret; webhooks not yet sent are signed with it.`);
      printSecret(out, client.clientId, webhookSecret);
      return 0;
    }
  }
}

export async function apiClientsCommand(args: string[], out: Output = console, open: () => Promise<Opened> = openConfigured): Promise<number> {
  return runCommand(parse(args), {
    usage: API_CLIENTS_USAGE,
    optionOfField: OPTION_OF_FIELD,
    out,
    open,
    run: (opened, command) => run(opened.db, opened.config, command, out),
  });
}
