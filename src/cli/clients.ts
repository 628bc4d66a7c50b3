/*
 * opencpms clients add | list | remove CLIENT_ID | rotate-secret CLIENT_ID —
 * the OpenID Connect applications that sign users in at identity.
 * - the client secret is printed once, at `add` and `rotate-secret`, and
 *   kept nowhere but as a hash;
 * - a refusal names the option to fix; every change is audited, as the
 *   administration page's are.
 */
import { parseArgs } from "node:util";
import { audit } from "../platform/audit.ts";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import type { Assurance } from "../identity/factors/factor.ts";
import { addClient, listClients, type OidcClient, removeClient, rotateClientSecret, uriRules } from "../identity/oidc/clients.ts";
import { auditEvents } from "../identity/pg-schema.ts";
import { type Opened, type Output, openConfigured, runCommand } from "./command.ts";

export const CLIENTS_USAGE = `Usage:
  opencpms clients add --name NAME --redirect-uri URI [--redirect-uri URI…] [--post-logout-redirect-uri URI…]
                       [--backchannel-logout-uri URI] [--acr low|substantial|high] [--public] [--client-credentials]
  opencpms clients list
  opencpms clients remove CLIENT_ID
  opencpms clients rotate-secret CLIENT_ID`;

const OPTION_OF_FIELD: Record<string, string> = {
  name: "--name",
  redirectUris: "--redirect-uri",
  postLogoutRedirectUris: "--post-logout-redirect-uri",
  backchannelLogoutUri: "--backchannel-logout-uri",
  clientCredentials: "--client-credentials",
};

const LEVELS: Assurance[] = ["low", "substantial", "high"];
const FROM_CLI = { userAgent: "opencpms cli" };

export type { Opened, Output };

type Parsed =
  | { sub: "add"; input: Parameters<typeof addClient>[1] }
  | { sub: "list" }
  | { sub: "remove" | "rotate-secret"; clientId: string }
  | { usage: string };

function parse(args: string[]): Parsed {
  const [sub, ...rest] = args;
  if (sub === "list" && rest.length === 0) return { sub };
  if ((sub === "remove" || sub === "rotate-secret") && rest.length === 1 && !rest[0].startsWith("-")) return { sub, clientId: rest[0] };
  if (sub !== "add") return { usage: "" };
  let values: ReturnType<typeof parseAdd>;
  try {
    values = parseAdd(rest);
  } catch (error) {
    return { usage: (error as Error).message };
  }
  if (!values.name) return { usage: "Missing --name." };
  if (values.acr !== undefined && !LEVELS.includes(values.acr as Assurance)) return { usage: `Unknown level "${values.acr}": use low, substantial or high.` };
  return {
    sub,
    input: {
      name: values.name,
      redirectUris: values["redirect-uri"] ?? [],
      postLogoutRedirectUris: values["post-logout-redirect-uri"],
      backchannelLogoutUri: values["backchannel-logout-uri"],
      acr: values.acr as Assurance | undefined,
      public: values.public,
      clientCredentials: values["client-credentials"],
    },
  };
}

function parseAdd(args: string[]) {
  return parseArgs({
    args,
    options: {
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-redirect-uri": { type: "string", multiple: true },
      "backchannel-logout-uri": { type: "string" },
      acr: { type: "string" },
      public: { type: "boolean", default: false },
      "client-credentials": { type: "boolean", default: false },
    },
  }).values;
}

function describe(client: OidcClient): string[] {
  const kind = client.isPublic ? "public (PKCE, no secret)" : "confidential";
  return [
    `${client.clientId}  ${client.name}${client.builtIn ? "  [part of the platform]" : ""}`,
    `  ${kind}; level ${client.acr}; grants ${client.grantTypes.join(", ")}; registered ${client.createdAt.toISOString()}`,
    ...client.redirectUris.map((uri) => `  redirect URI: ${uri}`),
    ...client.postLogoutRedirectUris.map((uri) => `  post-logout redirect URI: ${uri}`),
    ...(client.backchannelLogoutUri ? [`  back-channel logout URI: ${client.backchannelLogoutUri}`] : []),
  ];
}

function printSecret(out: Output, clientId: string, clientSecret: string): void {
  out.log(`client_id:     ${clientId}`);
  out.log(`client_secret: ${clientSecret}`);
  out.log(`The client secret is shown only once: store it now. (opencpms clients rotate-secret ${clientId} replaces a lost one.)`);
}

async function run(db: Db, config: Config, command: Exclude<Parsed, { usage: string }>, out: Output): Promise<number> {
  switch (command.sub) {
    case "list": {
      const clients = await listClients(db);
      if (clients.length === 0) out.log("No application is registered.");
      for (const client of clients) for (const line of describe(client)) out.log(line);
      return 0;
    }
    case "add": {
      const { client, clientSecret } = await db.transaction(async (tx) => {
        const added = await addClient(tx, command.input, uriRules(config));
        const { clientId, name, redirectUris, postLogoutRedirectUris, backchannelLogoutUri, acr, grantTypes, isPublic } = added.client;
        await audit(tx, auditEvents, FROM_CLI, {
          type: "admin.oidc_client_added",
          details: { clientId, name, redirectUris, postLogoutRedirectUris, backchannelLogoutUri, acr, grantTypes, isPublic },
        });
        return added;
      });
      out.log(`Application "${client.name}" registered (${client.grantTypes.join(", ")}; level ${client.acr}).`);
      if (clientSecret) printSecret(out, client.clientId, clientSecret);
      else {
        out.log(`client_id:     ${client.clientId}`);
        out.log("A public client has no secret: it signs in with PKCE only.");
      }
      return 0;
    }
    case "remove": {
      const removed = await db.transaction(async (tx) => {
        const client = await removeClient(tx, command.clientId);
        await audit(tx, auditEvents, FROM_CLI, { type: "admin.oidc_client_removed", details: { clientId: client.clientId, name: client.name } });
        return client;
      });
      out.log(`Application "${removed.name}" (${removed.clientId}) removed: it can no longer sign anyone in, and its tokens no longer work.`);
      return 0;
    }
    case "rotate-secret": {
      const { client, clientSecret } = await db.transaction(async (tx) => {
        const rotated = await rotateClientSecret(tx, command.clientId);
        await audit(tx, auditEvents, FROM_CLI, {
          type: "admin.oidc_client_secret_rotated",
          details: { clientId: rotated.client.clientId, name: rotated.client.name },
        });
        return rotated;
      });
      out.log(`Application "${client.name}" has a new secret; the previous one no longer works.`);
      printSecret(out, client.clientId, clientSecret);
      return 0;
    }
  }
}

export async function clientsCommand(args: string[], out: Output = console, open: () => Promise<Opened> = openConfigured): Promise<number> {
  return runCommand(parse(args), {
    usage: CLIENTS_USAGE,
    optionOfField: OPTION_OF_FIELD,
    out,
    open,
    run: (opened, command) => run(opened.db, opened.config, command, out),
  });
}
