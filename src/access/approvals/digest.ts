/*
 * The approvers' daily digest: from ACCESS_DIGEST_HOUR (UTC) each day, every
 * approver with pending requests in their scope gets one mail listing them,
 * oldest first, with their age in business hours and the overdue ones
 * marked.
 * - once a day whatever the number of instances or restarts: the run is
 *   claimed in job_runs with its row locked (FOR UPDATE), and the mails are
 *   written to the outbox in that same transaction; a second caller waits
 *   for the lock, then finds today's run done;
 * - approvers are those named by e-mail (approvers table) and the holders
 *   of a Coordinator profile (scope.ts), each mailed once, never
 *   about their own requests.
 * The access server checks every few minutes (startDigestTimer).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import type { Server } from "../../platform/http/server.ts";
import type { ApprovalRow } from "../contract.ts";
import { erns, profiles, providers } from "../catalog/tables.ts";
import { outbox } from "../pg-schema.ts";
import { HELD_STATUSES, rights } from "../requests/tables.ts";
import { selectRights } from "../requests/views.ts";
import { approvalRow } from "./queue.ts";
import { approvers, jobRuns } from "./tables.ts";

export const DIGEST_JOB = "approvals.daily_digest";
const CHECK_EVERY_MS = 5 * 60_000;

type Recipient = { email: string; name: string; subs: Set<string>; global: boolean; erns: Set<string> };

/** Sends today's digest if it is time and no one has yet; returns how many approvers were mailed, or null if it was not this call's to send. */
export async function sendDailyDigest(db: Db, config: Config, now: Date = new Date()): Promise<number | null> {
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), config.approvals.digestHour));
  if (now < slot) return null;
  return db.transaction(async (tx) => {
    await tx
      .insert(jobRuns)
      .values({ name: DIGEST_JOB, lastRunAt: new Date(0) })
      .onConflictDoNothing();
    const [run] = await tx.select().from(jobRuns).where(eq(jobRuns.name, DIGEST_JOB)).for("update");
    if (run.lastRunAt >= slot) return null;
    await tx.update(jobRuns).set({ lastRunAt: now }).where(eq(jobRuns.name, DIGEST_JOB));

    const pending = (
      await selectRights(tx)
        .where(inArray(rights.status, ["requested", "deletion_requested"]))
        .orderBy(sql`case when ${rights.status} = 'deletion_requested' then ${rights.updatedAt} else ${rights.requestedAt} end`)
    ).map((row) => approvalRow(row, now, config.approvals.targetHours));
    if (pending.length === 0) return 0;

    let mailed = 0;
    for (const recipient of await recipients(tx)) {
      const theirs = pending.filter(
        (row) =>
          (recipient.global || recipient.erns.has(row.organisation.ernCode)) &&
          !recipient.subs.has(row.requester.sub) &&
          row.requester.email.toLowerCase() !== recipient.email,
      );
      if (theirs.length === 0) continue;
      await enqueue(tx, outbox, digestMail(config, recipient, theirs));
      mailed++;
    }
    return mailed;
  });
}

async function recipients(tx: Db): Promise<Recipient[]> {
  const byEmail = new Map<string, Recipient>();
  const entry = (email: string, name: string) => {
    const key = email.toLowerCase();
    let recipient = byEmail.get(key);
    if (!recipient) {
      recipient = { email: key, name, subs: new Set(), global: false, erns: new Set() };
      byEmail.set(key, recipient);
    }
    if (!recipient.name) recipient.name = name;
    return recipient;
  };
  for (const row of await tx.select().from(approvers)) {
    const recipient = entry(row.email, row.name);
    if (row.ernCode === null) recipient.global = true;
    else recipient.erns.add(row.ernCode);
  }
  const holders = await tx
    .selectDistinct({ sub: rights.sub, email: rights.requesterEmail, name: rights.requesterName, ernCode: erns.code })
    .from(rights)
    .innerJoin(profiles, eq(profiles.id, rights.profileId))
    .innerJoin(providers, eq(providers.id, rights.providerId))
    .innerJoin(erns, eq(erns.code, providers.ernCode))
    .where(and(inArray(rights.status, HELD_STATUSES), eq(profiles.approves, true)));
  for (const holder of holders) {
    if (!holder.email) continue;
    const recipient = entry(holder.email, holder.name);
    recipient.subs.add(holder.sub);
    recipient.erns.add(holder.ernCode);
  }
  return [...byEmail.values()];
}

function digestMail(config: Config, recipient: Recipient, rows: ApprovalRow[]) {
  const overdue = rows.filter((row) => row.overdue).length;
  const lines = rows.map((row) => {
    const what = row.status === "deletion_requested" ? "deletion of" : "access as";
    return `- ${row.overdue ? "[OVERDUE] " : ""}${row.requester.name} (${row.requester.email}): ${what} ${row.profile.name} in ${row.application.name} at ${row.organisation.label} (${row.organisation.ernCode} / ${row.organisation.countryName}), waiting ${row.ageHours} business hour${row.ageHours === 1 ? "" : "s"}`;
  });
  return {
    channel: "mail" as const,
    to: recipient.email,
    subject: `Access requests waiting for your decision: ${rows.length}${overdue ? ` (${overdue} overdue)` : ""}`,
    text: [
      `Dear ${recipient.name || "approver"},`,
      "",
      `${rows.length === 1 ? "This access request waits" : `These ${rows.length} access requests wait`} for a decision (oldest first; the target is ${config.approvals.targetHours} business hours, weekends excluded):`,
      "",
      ...lines,
      "",
      `Approve or reject them in the authorisation system: ${config.urls.access}`,
    ].join("\n"),
  };
}

/** Checks every few minutes whether today's digest is due; the timer does not keep the process alive and stops with the server. */
export function startDigestTimer(app: Server): void {
  const { db, config } = app.context;
  const timer = setInterval(() => {
    sendDailyDigest(db, config).catch((error) => app.log.error(error, "approvers' daily digest failed"));
  }, CHECK_EVERY_MS);
  timer.unref();
  app.addHook("onClose", async () => clearInterval(timer));
}
