/*
 * Members' contributions, the discussion thread and the lead's reminders —
 * each change in the caller's transaction, with its audit event and its
 * notices (notify: in-app notification and mail through the outbox). The
 * notices name the panel's reference and the patient's pseudonym only —
 * never the panel's title nor what was written.
 *
 * - contributionsFor / messagesFor: what a panel's page shows — submitted
 *   contributions of all members plus the user's own draft, and the thread
 *   oldest first, mentions resolved to names, attachments as panel files;
 * - saveContribution: the lead or an accepted member, while the panel is
 *   open and the patient's consent for care stands; one contribution per
 *   member, a draft only its author sees until submitted; submitting needs
 *   a recommendation and tells the lead (once, at the first submission); a
 *   submitted contribution stays submitted when edited; a file taken off
 *   it leaves the panel (unless a message carries it), and the files of
 *   others' drafts stay hidden (othersDraftFileIds);
 * - postMessage: mentions written "@[Name](sub)" must name the lead or an
 *   accepted member, who are told; a request for more information goes to
 *   the lead; a reply to one tells its author; a reply names a message of
 *   the same panel;
 * - remind: at most once an hour per panel, to the accepted members who
 *   have not submitted a contribution and the invitees who have not
 *   answered; the thread keeps a "reminder" message saying whom.
 */
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, Forbidden, InvalidField, TooManyRequests } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { notify, type Recipient } from "../notifications/notify.ts";
import type { ContributionView, MessageView, PanelFileView } from "./contract.ts";
import type { ContributionBodyInput, MessageBodyInput } from "./contribution-schemas.ts";
import { auditPanel, type PanelAccess, type PanelRow } from "./panel-access.ts";
import { claimPanelFiles, panelFileViews } from "./panel-files.ts";
import { transition } from "./state-machine.ts";
import { panelContributions, panelFiles, panelMembers, panelMessages, panels } from "./tables.ts";

type ContributionRow = typeof panelContributions.$inferSelect;
type MessageRow = typeof panelMessages.$inferSelect;
type MemberRow = typeof panelMembers.$inferSelect;

/** How often the members of one panel may be reminded. */
export const REMIND_INTERVAL_MS = 60 * 60_000;

const MENTION = /@\[([^\]\n]{1,200})\]\(([^()\s]{1,255})\)/g;

const linkTo = (panel: Pick<PanelRow, "id">) => `/panels/${panel.id}`;
const recipient = (member: Pick<MemberRow, "sub" | "email">): Recipient => ({ sub: member.sub, email: member.email });

/** The panel's files among `ids`, as views, by id (ids the panel does not hold, or deleted, are left out). */
async function panelFilesById(tx: Db, panelId: string, ids: string[]): Promise<Map<string, PanelFileView>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  return new Map((await panelFileViews(tx, panelId, wanted)).map((view) => [view.id, view]));
}

function attachmentsOf(ids: string[], byId: Map<string, PanelFileView>): PanelFileView[] {
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function contributionView(row: ContributionRow, byId: Map<string, PanelFileView>): ContributionView {
  return {
    id: row.id,
    authorSub: row.authorSub,
    authorName: row.authorName,
    assessment: row.assessment,
    investigations: row.investigations,
    recommendation: row.recommendation,
    attachments: attachmentsOf(row.attachmentIds, byId),
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
  };
}

function messageView(row: MessageRow, names: Map<string, string>, byId: Map<string, PanelFileView>): MessageView {
  return {
    id: row.id,
    kind: row.kind,
    authorSub: row.authorSub,
    authorName: row.authorName,
    body: row.body,
    mentions: row.mentions.map((sub) => ({ sub, name: names.get(sub) ?? "" })),
    replyTo: row.replyTo,
    attachments: attachmentsOf(row.attachmentIds, byId),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Submitted contributions of all members (first submitted first), then the user's own draft. */
export async function contributionsFor(tx: Db, access: PanelAccess): Promise<ContributionView[]> {
  const rows = await tx
    .select()
    .from(panelContributions)
    .where(eq(panelContributions.panelId, access.panel.id))
    .orderBy(asc(panelContributions.submittedAt), asc(panelContributions.createdAt));
  const own = access.membership?.sub;
  const shown = rows.filter((row) => row.submittedAt !== null || (own !== undefined && row.authorSub === own));
  const byId = await panelFilesById(
    tx,
    access.panel.id,
    shown.flatMap((row) => row.attachmentIds),
  );
  return shown.map((row) => contributionView(row, byId));
}

/** The thread, oldest first, mentions named as the panel knows its members. */
export async function messagesFor(tx: Db, access: PanelAccess): Promise<MessageView[]> {
  const rows = await tx
    .select()
    .from(panelMessages)
    .where(eq(panelMessages.panelId, access.panel.id))
    .orderBy(asc(panelMessages.createdAt), asc(panelMessages.id));
  if (rows.length === 0) return [];
  const people = await tx.select({ sub: panelMembers.sub, name: panelMembers.name }).from(panelMembers).where(eq(panelMembers.panelId, access.panel.id));
  const names = new Map(people.map((p) => [p.sub, p.name]));
  const byId = await panelFilesById(
    tx,
    access.panel.id,
    rows.flatMap((row) => row.attachmentIds),
  );
  return rows.map((row) => messageView(row, names, byId));
}

/**
 * The panel's files `viewerSub` may not see yet: those attached only to
 * other members' unsubmitted drafts (not to a submitted contribution nor
 * to a message). The panel's file list and downloads leave them out.
 */
export async function othersDraftFileIds(tx: Db, panelId: string, viewerSub: string): Promise<Set<string>> {
  const contributions = await tx
    .select({ authorSub: panelContributions.authorSub, submittedAt: panelContributions.submittedAt, attachmentIds: panelContributions.attachmentIds })
    .from(panelContributions)
    .where(eq(panelContributions.panelId, panelId));
  const drafts = contributions.filter((c) => c.submittedAt === null && c.authorSub !== viewerSub).flatMap((c) => c.attachmentIds);
  if (drafts.length === 0) return new Set();
  const messages = await tx.select({ attachmentIds: panelMessages.attachmentIds }).from(panelMessages).where(eq(panelMessages.panelId, panelId));
  const visible = new Set([
    ...contributions.filter((c) => c.submittedAt !== null || c.authorSub === viewerSub).flatMap((c) => c.attachmentIds),
    ...messages.flatMap((m) => m.attachmentIds),
  ]);
  return new Set(drafts.filter((id) => !visible.has(id)));
}

/** Files the author took off their contribution leave the panel, unless a message of the panel carries them. */
async function releaseDropped(tx: Db, panelId: string, authorSub: string, before: string[], after: string[]): Promise<void> {
  const dropped = before.filter((id) => !after.includes(id));
  if (dropped.length === 0) return;
  const messages = await tx.select({ attachmentIds: panelMessages.attachmentIds }).from(panelMessages).where(eq(panelMessages.panelId, panelId));
  const kept = new Set(messages.flatMap((m) => m.attachmentIds));
  const released = dropped.filter((id) => !kept.has(id));
  if (released.length === 0) return;
  await tx
    .delete(panelFiles)
    .where(
      and(eq(panelFiles.panelId, panelId), inArray(panelFiles.fileId, released), eq(panelFiles.source, "contribution"), eq(panelFiles.addedBySub, authorSub)),
    );
}

/** The panel can go on only while the patient's consent for care stands. */
function requireConsent(access: PanelAccess): void {
  if (!access.consentStands) throw new Conflict("The patient's consent for care no longer stands: the panel cannot go on.");
}

async function leadOf(tx: Db, panel: PanelRow): Promise<MemberRow | undefined> {
  const [lead] = await tx
    .select()
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.role, "lead")));
  return lead;
}

export async function saveContribution(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  access: PanelAccess,
  input: ContributionBodyInput,
): Promise<{ contribution: ContributionView; message: string }> {
  const { panel } = access;
  if (access.role !== "lead" && access.role !== "member") throw new Forbidden("Only the panel's members contribute.");
  transition(panel.status, "contribute");
  requireConsent(access);
  const text = {
    assessment: input.assessment.trim(),
    investigations: input.investigations.trim(),
    recommendation: input.recommendation.trim(),
  };
  const [existing] = await tx
    .select()
    .from(panelContributions)
    .where(and(eq(panelContributions.panelId, panel.id), eq(panelContributions.authorSub, user.sub)))
    .for("update");
  const submitted = input.submit || existing?.submittedAt != null;
  if (submitted && !text.recommendation) {
    throw new InvalidField(
      "recommendation",
      existing?.submittedAt ? "Your submitted contribution needs its recommendation." : "Write your recommendation before submitting, or save a draft.",
    );
  }
  const attachmentIds = await claimPanelFiles(
    tx,
    panel,
    user,
    (input.attachmentIds ?? []).map((id) => id.toLowerCase()),
    "attachmentIds",
  );
  await releaseDropped(tx, panel.id, user.sub, existing?.attachmentIds ?? [], attachmentIds);
  const now = new Date();
  const firstSubmission = submitted && !existing?.submittedAt;
  const values = { ...text, attachmentIds, authorName: user.name, updatedAt: now, submittedAt: existing?.submittedAt ?? (submitted ? now : null) };
  const [row] = existing
    ? await tx.update(panelContributions).set(values).where(eq(panelContributions.id, existing.id)).returning()
    : await tx
        .insert(panelContributions)
        .values({ panelId: panel.id, authorSub: user.sub, ...values })
        .returning();
  await auditPanel(tx, origin, user, panel, submitted ? "panel.contribution_submitted" : "panel.contribution_saved", {
    purpose: "write",
    contributionId: row.id,
    firstSubmission,
    attachments: attachmentIds.length,
  });
  if (firstSubmission) {
    const lead = await leadOf(tx, panel);
    if (lead) {
      await notify(
        tx,
        cpmsUrl,
        [recipient(lead)],
        {
          kind: "panel.contribution",
          title: `${user.name} contributed to panel ${panel.reference}`,
          body: `${user.name} submitted a contribution to panel ${panel.reference} on patient ${panel.pseudonym}.`,
          link: linkTo(panel),
        },
        user.sub,
      );
    }
  }
  const byId = await panelFilesById(tx, panel.id, row.attachmentIds);
  const message = firstSubmission
    ? "Your contribution is submitted: the lead is told."
    : submitted
      ? "Your submitted contribution is updated."
      : "Your draft is saved: only you see it until you submit it.";
  return { contribution: contributionView(row, byId), message };
}

/** The subs mentioned "@[Name](sub)" in a message, each once, in order. */
export function mentionedSubs(body: string): { sub: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const match of body.matchAll(MENTION)) if (!seen.has(match[2])) seen.set(match[2], match[1]);
  return [...seen].map(([sub, name]) => ({ sub, name }));
}

export async function postMessage(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  access: PanelAccess,
  input: MessageBodyInput,
): Promise<MessageView> {
  const { panel } = access;
  transition(panel.status, "message");
  requireConsent(access);
  const kind = input.kind ?? "message";
  if (kind === "info_request" && access.isLead)
    throw new InvalidField("kind", "You lead this panel: requests for more information go to you. Post a message instead.");
  const body = input.body.trim();
  const people = await tx.select().from(panelMembers).where(eq(panelMembers.panelId, panel.id));
  const participants = new Map(people.filter((p) => p.role === "lead" || p.status === "accepted").map((p) => [p.sub, p]));
  const mentioned = mentionedSubs(body);
  const stranger = mentioned.find((m) => !participants.has(m.sub));
  if (stranger) throw new InvalidField("body", `${stranger.name} is not a member of this panel: mention only the lead and its members.`);
  let answered: MessageRow | undefined;
  if (input.replyTo) {
    [answered] = await tx
      .select()
      .from(panelMessages)
      .where(and(eq(panelMessages.panelId, panel.id), eq(panelMessages.id, input.replyTo.toLowerCase())));
    if (!answered) throw new InvalidField("replyTo", "Reply to a message of this panel's discussion.");
  }
  const attachmentIds = await claimPanelFiles(
    tx,
    panel,
    user,
    (input.attachmentIds ?? []).map((id) => id.toLowerCase()),
    "attachmentIds",
  );
  const [row] = await tx
    .insert(panelMessages)
    .values({
      panelId: panel.id,
      kind,
      authorSub: user.sub,
      authorName: user.name,
      body,
      mentions: mentioned.map((m) => m.sub),
      replyTo: answered?.id ?? null,
      attachmentIds,
    })
    .returning();
  await auditPanel(tx, origin, user, panel, "panel.message_posted", {
    purpose: "write",
    messageId: row.id,
    kind,
    mentions: row.mentions,
    replyTo: row.replyTo,
    attachments: attachmentIds.length,
  });

  // Each person is told once, by the most specific notice: the answer to their request, a request to the lead, a mention.
  const told = new Set<string>([user.sub]);
  const tell = async (people: MemberRow[], notice: Parameters<typeof notify>[3]) => {
    const to = people.filter((p) => !told.has(p.sub));
    for (const p of to) told.add(p.sub);
    await notify(tx, cpmsUrl, to.map(recipient), notice, user.sub);
  };
  const where = `panel ${panel.reference} on patient ${panel.pseudonym}`;
  if (answered?.kind === "info_request") {
    const author = participants.get(answered.authorSub);
    if (author) {
      await tell([author], {
        kind: "panel.info_answered",
        title: `${user.name} answered your request in panel ${panel.reference}`,
        body: `${user.name} answered your request for more information in ${where}.`,
        link: linkTo(panel),
      });
    }
  }
  if (kind === "info_request") {
    const lead = people.find((p) => p.role === "lead");
    if (lead) {
      await tell([lead], {
        kind: "panel.info_request",
        title: `${user.name} asks for more information in panel ${panel.reference}`,
        body: `${user.name} asks you, as the lead, for more information in ${where}.`,
        link: linkTo(panel),
        urgent: panel.urgency === "urgent",
      });
    }
  }
  const mentionedMembers = mentioned.flatMap((m) => participants.get(m.sub) ?? []);
  await tell(mentionedMembers, {
    kind: "panel.mention",
    title: `${user.name} mentioned you in panel ${panel.reference}`,
    body: `${user.name} mentioned you in the discussion of ${where}.`,
    link: linkTo(panel),
  });
  const names = new Map(people.map((p) => [p.sub, p.name]));
  return messageView(row, names, await panelFilesById(tx, panel.id, attachmentIds));
}

function clock(date: Date): string {
  return `${date.toISOString().slice(11, 16)} UTC`;
}

export async function remind(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  access: PanelAccess,
): Promise<{ reminded: number; message: string }> {
  const { panel } = access;
  transition(panel.status, "remind");
  requireConsent(access);
  const now = Date.now();
  if (panel.remindedAt && now - panel.remindedAt.getTime() < REMIND_INTERVAL_MS) {
    const next = new Date(panel.remindedAt.getTime() + REMIND_INTERVAL_MS);
    throw new TooManyRequests(
      `A reminder went out at ${clock(panel.remindedAt)}: members can be reminded again from ${clock(next)}.`,
      (next.getTime() - now) / 1000,
    );
  }
  const people = await tx.select().from(panelMembers).where(eq(panelMembers.panelId, panel.id));
  const contributed = new Set(
    (
      await tx
        .select({ sub: panelContributions.authorSub })
        .from(panelContributions)
        .where(and(eq(panelContributions.panelId, panel.id), isNotNull(panelContributions.submittedAt)))
    ).map((row) => row.sub),
  );
  const late = people.filter((p) => p.role === "member" && p.status === "accepted" && !contributed.has(p.sub));
  const unanswered = people.filter((p) => p.role === "member" && p.status === "invited");
  if (late.length + unanswered.length === 0) {
    throw new Conflict("Nobody to remind: every member has submitted a contribution and every invitee has answered.");
  }
  const due = `by ${panel.dueDate}`;
  await notify(
    tx,
    cpmsUrl,
    late.map(recipient),
    {
      kind: "panel.reminder",
      title: `Reminder: your contribution to panel ${panel.reference}`,
      body: `${user.name} reminds you to submit your contribution to panel ${panel.reference} ${due}.`,
      link: linkTo(panel),
      urgent: panel.urgency === "urgent",
    },
    user.sub,
  );
  await notify(
    tx,
    cpmsUrl,
    unanswered.map(recipient),
    {
      kind: "panel.reminder",
      title: `Reminder: you are invited to panel ${panel.reference}`,
      body: `${user.name} reminds you to accept or decline the invitation to panel ${panel.reference}, due ${panel.dueDate}.`,
      link: linkTo(panel),
      urgent: panel.urgency === "urgent",
    },
    user.sub,
  );
  const lines = [
    late.length ? `Not contributed yet: ${late.map((p) => p.name).join(", ")}.` : "",
    unanswered.length ? `Invitation not answered: ${unanswered.map((p) => p.name).join(", ")}.` : "",
  ].filter(Boolean);
  const [row] = await tx
    .insert(panelMessages)
    .values({ panelId: panel.id, kind: "reminder", authorSub: user.sub, authorName: user.name, body: `Reminder sent. ${lines.join(" ")}` })
    .returning({ id: panelMessages.id });
  const at = new Date(now);
  await tx.update(panels).set({ remindedAt: at }).where(eq(panels.id, panel.id));
  await auditPanel(tx, origin, user, panel, "panel.reminded", {
    purpose: "write",
    messageId: row.id,
    reminded: [...late, ...unanswered].map((p) => p.sub),
  });
  const reminded = late.length + unanswered.length;
  return { reminded, message: reminded === 1 ? "1 person is reminded." : `${reminded} people are reminded.` };
}
