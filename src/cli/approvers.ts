/*
 * opencpms approvers add | list | remove — who approves access requests:
 * an ERN's coordinators and helpdesk (--ern CODE), or the global helpdesk
 * (--global). Holders of a granted Coordinator profile approve their ERN
 * without being listed here.
 * - a refusal names the option to fix; every change is audited in access's
 *   audit log, in the transaction that makes it.
 */
import { parseArgs } from "node:util";
import { audit } from "../platform/audit.ts";
import { addApprover, listApprovers, removeApprover } from "../access/approvals/approvers.ts";
import type { ApproverRole } from "../access/approvals/scope.ts";
import { auditEvents } from "../access/pg-schema.ts";
import { type Opened, type Output, openConfigured, runCommand } from "./command.ts";

export const APPROVERS_USAGE = `Usage:
  opencpms approvers add --email EMAIL --name NAME (--ern CODE | --global) --role coordinator|helpdesk
  opencpms approvers list
  opencpms approvers remove --email EMAIL (--ern CODE | --global)`;

const OPTION_OF_FIELD: Record<string, string> = { email: "--email", name: "--name", ern: "--ern", role: "--role" };
const ROLES: ApproverRole[] = ["coordinator", "helpdesk"];
const FROM_CLI = { userAgent: "opencpms cli" };

type Parsed =
  | { sub: "list" }
  | { sub: "add"; email: string; name: string; ernCode: string | null; role: ApproverRole }
  | { sub: "remove"; email: string; ernCode: string | null }
  | { usage: string };

function parse(args: string[]): Parsed {
  const [sub, ...rest] = args;
  if (sub === "list" && rest.length === 0) return { sub };
  if (sub !== "add" && sub !== "remove") return { usage: "" };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        ern: { type: "string" },
        global: { type: "boolean", default: false },
        role: { type: "string" },
      },
    }).values;
  } catch (error) {
    return { usage: (error as Error).message };
  }
  const { email, name, ern, global, role } = values as { email?: string; name?: string; ern?: string; global: boolean; role?: string };
  if (!email) return { usage: "Missing --email." };
  if (ern && global) return { usage: "Give either --ern CODE or --global, not both." };
  if (!ern && !global) return { usage: "Give --ern CODE (an ERN's approver) or --global (approves every ERN)." };
  const ernCode = ern ?? null;
  if (sub === "remove") {
    if (name !== undefined || role !== undefined) return { usage: "remove takes only --email and --ern or --global." };
    return { sub, email, ernCode };
  }
  if (!name) return { usage: "Missing --name." };
  if (!role) return { usage: "Missing --role (coordinator or helpdesk)." };
  if (!ROLES.includes(role as ApproverRole)) return { usage: `--role: unknown role "${role}": use coordinator or helpdesk.` };
  return { sub, email, name, ernCode, role: role as ApproverRole };
}

const scopeWords = (ernCode: string | null) => (ernCode ? `of ${ernCode}` : "for all ERNs");

async function run(db: Opened["db"], command: Exclude<Parsed, { usage: string }>, out: Output): Promise<number> {
  switch (command.sub) {
    case "list": {
      const all = await listApprovers(db);
      if (all.length === 0) out.log("No approver is named. (Holders of a granted Coordinator profile approve their ERN.)");
      for (const approver of all) out.log(`${approver.ernCode ?? "(all ERNs)"}  ${approver.role}  ${approver.email}  ${approver.name}`);
      return 0;
    }
    case "add": {
      const { approver, isNew } = await db.transaction(async (tx) => {
        const added = await addApprover(tx, command);
        const { email, name, ernCode, role } = added.approver;
        await audit(tx, auditEvents, FROM_CLI, {
          type: added.isNew ? "access.approver_added" : "access.approver_changed",
          details: { email, name, ernCode, role },
        });
        return added;
      });
      out.log(
        `${approver.name} <${approver.email}> ${isNew ? "is now" : "stays"} ${approver.role} ${scopeWords(approver.ernCode)}${isNew ? "" : " (name and role updated)"}.`,
      );
      return 0;
    }
    case "remove": {
      const removed = await db.transaction(async (tx) => {
        const approver = await removeApprover(tx, command.email, command.ernCode);
        const { email, name, ernCode, role } = approver;
        await audit(tx, auditEvents, FROM_CLI, { type: "access.approver_removed", details: { email, name, ernCode, role } });
        return approver;
      });
      out.log(`${removed.name} <${removed.email}> no longer approves requests ${scopeWords(removed.ernCode)}.`);
      return 0;
    }
  }
}

export async function approversCommand(args: string[], out: Output = console, open: () => Promise<Opened> = openConfigured): Promise<number> {
  return runCommand(parse(args), { usage: APPROVERS_USAGE, optionOfField: OPTION_OF_FIELD, out, open, run: (opened, command) => run(opened.db, command, out) });
}
