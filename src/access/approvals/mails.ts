/*
 * The mails of requests and decisions, written to access's outbox in the
 * transaction that causes them:
 * - to the approvers of the request's ERN named by e-mail (approvers
 *   table), when a request is submitted; the global helpdesk and the
 *   holders of a Coordinator profile learn of it from the daily digest;
 * - to the requester, for every decision, with the reason and the address
 *   of the authorisation system.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { RightView } from "../contract.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { outbox } from "../pg-schema.ts";
import { approvers } from "./tables.ts";

type NewRequestNotice = {
  requester: { name: string; email: string };
  application: string;
  profiles: string[];
  provider: { code: string; name: string; ernCode: string; ernName: string; countryName: string };
  comment: string;
};

export async function mailApproversOfRequest(tx: Db, config: Config, notice: NewRequestNotice): Promise<void> {
  const recipients = await tx
    .select({ email: approvers.email, name: approvers.name })
    .from(approvers)
    .where(and(eq(approvers.ernCode, notice.provider.ernCode), ne(sql`lower(${approvers.email})`, notice.requester.email.toLowerCase())));
  const { provider } = notice;
  for (const recipient of recipients) {
    await enqueue(tx, outbox, {
      channel: "mail",
      to: recipient.email,
      subject: `New access request for ${notice.application} in ${provider.ernCode}`,
      text: [
        `Dear ${recipient.name || "approver"},`,
        "",
        `${notice.requester.name} (${notice.requester.email}) asks for access to ${notice.application}:`,
        `  Organisation: ${provider.code} - ${provider.name} (${provider.ernCode} - ${provider.ernName} / ${provider.countryName})`,
        `  Access profile: ${notice.profiles.join(", ")}`,
        ...(notice.comment ? [`  Comments: ${notice.comment}`] : []),
        "",
        `Please approve or reject it in the authorisation system: ${config.urls.access}`,
      ].join("\n"),
    });
  }
}

/** What the requester is told of an approver's decision on one right. */
export function decisionMail(config: Config, right: RightView, wasDeletionRequest: boolean, decision: "approve" | "reject", reason: string | null) {
  const app = right.application.name;
  const outcome = decision === "approve" ? "approved" : "rejected";
  const subject = wasDeletionRequest ? `Your request to remove your ${app} access was ${outcome}` : `Your access request for ${app} was ${outcome}`;
  const result = wasDeletionRequest
    ? decision === "approve"
      ? "The access profile is removed: you no longer have it."
      : "You keep the access profile."
    : decision === "approve"
      ? `You can now use ${app} with this access profile.`
      : "You do not have this access profile. You may submit a new request.";
  return {
    channel: "mail" as const,
    to: right.requester.email,
    subject,
    text: [
      `Dear ${right.requester.name},`,
      "",
      `${wasDeletionRequest ? "Your request to remove this access" : "Your access request"} was ${outcome} by ${right.decidedByName ?? "an approver"}:`,
      `  Application: ${app}`,
      `  Organisation: ${right.organisation.label} (${right.organisation.ernCode} - ${right.organisation.ernName} / ${right.organisation.countryName})`,
      `  Access profile: ${right.profile.name}`,
      `  Decision: ${outcome}`,
      ...(reason ? [`  Reason: ${reason}`] : []),
      "",
      result,
      `Your requests and rights: ${config.urls.access}`,
    ].join("\n"),
  };
}
