/*
 * opencpms cas-services add | list | remove ID — the services allowed to
 * receive CAS tickets (identity/cas/services.ts says what a URL pattern is).
 * - a refusal names the option to fix;
 * - every change is audited, as the administration page's are.
 */
import { parseArgs } from "node:util";
import { audit } from "../platform/audit.ts";
import type { Db } from "../platform/db/database.ts";
import { addCasService, type CasService, listCasServices, removeCasService } from "../identity/cas/services.ts";
import type { Assurance } from "../identity/factors/factor.ts";
import { auditEvents } from "../identity/pg-schema.ts";
import { type Output, openConfigured, runCommand } from "./command.ts";

export const CAS_SERVICES_USAGE = `Usage:
  opencpms cas-services add --name NAME --url-pattern PATTERN [--acr low|substantial|high]
  opencpms cas-services list
  opencpms cas-services remove ID
A pattern is https://host[:port]/path (exactly this path) or https://host[:port]/path/* (this path and below).`;

const OPTION_OF_FIELD: Record<string, string> = { name: "--name", urlPattern: "--url-pattern", acr: "--acr" };
const FROM_CLI = { userAgent: "opencpms cli" };

export type Opened = { db: Db; close: () => Promise<void> };

type Parsed = { sub: "add"; input: Parameters<typeof addCasService>[1] } | { sub: "list" } | { sub: "remove"; id: string } | { usage: string };

function parse(args: string[]): Parsed {
  const [sub, ...rest] = args;
  if (sub === "list" && rest.length === 0) return { sub };
  if (sub === "remove" && rest.length === 1 && !rest[0].startsWith("-")) return { sub, id: rest[0] };
  if (sub !== "add") return { usage: "" };
  let values: { name?: string; "url-pattern"?: string; acr?: string };
  try {
    values = parseArgs({ args: rest, options: { name: { type: "string" }, "url-pattern": { type: "string" }, acr: { type: "string" } } }).values;
  } catch (error) {
    return { usage: (error as Error).message };
  }
  const missing = (["name", "url-pattern"] as const).filter((option) => !values[option]);
  if (missing.length) return { usage: `Missing ${missing.map((option) => `--${option}`).join(", ")}.` };
  return { sub, input: { name: values.name as string, urlPattern: values["url-pattern"] as string, acr: values.acr as Assurance | undefined } };
}

const described = ({ id, name, urlPattern, acr }: CasService) => ({ id, name, urlPattern, acr });

async function run(db: Db, command: Exclude<Parsed, { usage: string }>, out: Output): Promise<number> {
  switch (command.sub) {
    case "list": {
      const services = await listCasServices(db);
      if (services.length === 0) out.log("No CAS service is registered.");
      for (const service of services) out.log(`${service.id}  ${service.acr.padEnd(11)}  ${service.urlPattern}  ${service.name}`);
      return 0;
    }
    case "add": {
      const service = await db.transaction(async (tx) => {
        const added = await addCasService(tx, command.input);
        await audit(tx, auditEvents, FROM_CLI, { type: "admin.cas_service_added", details: described(added) });
        return added;
      });
      out.log(`CAS service "${service.name}" registered (id ${service.id}): ${service.urlPattern} receives tickets at level ${service.acr} or above.`);
      return 0;
    }
    case "remove": {
      const removed = await db.transaction(async (tx) => {
        const service = (await listCasServices(tx)).find((candidate) => candidate.id === command.id);
        if (!service || !(await removeCasService(tx, service.id))) return null;
        await audit(tx, auditEvents, FROM_CLI, { type: "admin.cas_service_removed", details: described(service) });
        return service;
      });
      if (!removed) {
        out.error(`There is no CAS service ${command.id}. (opencpms cas-services list shows their ids.)`);
        return 1;
      }
      out.log(`CAS service "${removed.name}" removed: ${removed.urlPattern} no longer receives tickets.`);
      return 0;
    }
  }
}

export async function casServicesCommand(args: string[], out: Output = console, open: () => Promise<Opened> = openConfigured): Promise<number> {
  return runCommand(parse(args), {
    usage: CAS_SERVICES_USAGE,
    optionOfField: OPTION_OF_FIELD,
    out,
    open,
    run: (opened, command) => run(opened.db, command, out),
  });
}
