/*
 * The panel's outcome, before it is signed: the lead (or a panel manager)
 * drafts it from the contributions, edits it, asks the members to agree,
 * and may go back to contributions; members agree or not.
 *
 * - no outcome on a draft or closed panel, and none once signed (409);
 * - one outcome at a time (the non-superseded one: a unique index backs
 *   it); each save bumps its revision, so agreements given to an earlier
 *   text are told apart from those given to the current one;
 * - agreement is asked only of an outcome with a recommendation;
 * - only members agree (the lead signs instead; a manager is no member);
 * - while the patient's consent for care does not stand, nothing changes;
 * - every change is audited and told (notify) in its transaction.
 * Signing, closing and reopening: outcome-signing.ts.
 */
import { and, asc, desc, eq, isNotNull, ne } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, Forbidden } from "../../platform/http/errors.ts";
import { notify, type Recipient } from "../notifications/notify.ts";
import { othersDraftFileIds } from "./contributions.ts";
import type { OutcomeInput, OutcomeView, PanelFileView } from "./contract.ts";
import { auditPanel, type PanelAccess, type PanelRow } from "./panel-access.ts";
import { panelFileViews } from "./panel-files.ts";
import { transition } from "./state-machine.ts";
import { panelAgreements, panelContributions, panelMembers, panelOutcomes, panels } from "./tables.ts";

export type OutcomeRow = typeof panelOutcomes.$inferSelect;
export type Actor = { sub: string; name: string };

export const CONSENT_GONE_WRITE = "The patient's consent for care no longer stands: the panel cannot go on.";

/** Refuses any change while the patient's consent for care does not stand. */
export function requireConsent(access: PanelAccess): void {
  if (!access.consentStands) throw new Conflict(CONSENT_GONE_WRITE);
}

/** The panel's outcome in force (draft or signed), or null. */
export async function currentOutcome(tx: Db, panelId: string): Promise<OutcomeRow | null> {
  const [row] = await tx
    .select()
    .from(panelOutcomes)
    .where(and(eq(panelOutcomes.panelId, panelId), ne(panelOutcomes.status, "superseded")));
  return row ?? null;
}

/** The submitted contributions' authors and recommendations, oldest first: what an outcome cites. */
export async function submittedContributions(tx: Db, panelId: string) {
  return tx
    .select({
      authorName: panelContributions.authorName,
      assessment: panelContributions.assessment,
      investigations: panelContributions.investigations,
      recommendation: panelContributions.recommendation,
    })
    .from(panelContributions)
    .where(and(eq(panelContributions.panelId, panelId), isNotNull(panelContributions.submittedAt)))
    .orderBy(asc(panelContributions.submittedAt));
}

/** The accepted members (the lead among them), to be told of a step. */
export async function panelRecipients(tx: Db, panelId: string): Promise<Recipient[]> {
  return tx
    .select({ sub: panelMembers.sub, email: panelMembers.email })
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.status, "accepted")));
}

export const panelLink = (panel: Pick<PanelRow, "id">) => `/panels/${panel.id}`;

export async function outcomeView(tx: Db, row: OutcomeRow): Promise<OutcomeView> {
  const agreements = await tx.select().from(panelAgreements).where(eq(panelAgreements.outcomeId, row.id)).orderBy(asc(panelAgreements.at));
  // A draft cites the contributions as they are now; a signed outcome what it was signed with.
  const contributions =
    row.status === "draft"
      ? (await submittedContributions(tx, row.panelId)).map((c) => ({ authorName: c.authorName, recommendation: c.recommendation }))
      : row.contributions;
  return {
    id: row.id,
    status: row.status,
    revision: row.revision,
    summary: row.summary,
    recommendation: row.recommendation,
    investigations: row.investigations,
    followUp: row.followUp,
    contributions,
    authorName: row.authorName,
    agreementRequestedAt: row.agreementRequestedAt?.toISOString() ?? null,
    agreements: agreements.map((a) => ({
      sub: a.sub,
      name: a.name,
      agrees: a.agrees,
      comment: a.comment,
      at: a.at.toISOString(),
      current: a.revision === row.revision,
    })),
    signedAt: row.signedAt?.toISOString() ?? null,
    signedByName: row.signedByName,
    signedSha256: row.signedSha256,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The outcome in force and the signed ones reopenings superseded (newest first), for the panel's page. */
export async function outcomesFor(tx: Db, access: PanelAccess): Promise<{ current: OutcomeView | null; previous: OutcomeView[] }> {
  const rows = await tx.select().from(panelOutcomes).where(eq(panelOutcomes.panelId, access.panel.id)).orderBy(desc(panelOutcomes.createdAt));
  const current = rows.find((row) => row.status !== "superseded");
  const previous = rows.filter((row) => row.status === "superseded");
  return {
    current: current ? await outcomeView(tx, current) : null,
    previous: await Promise.all(previous.map((row) => outcomeView(tx, row))),
  };
}

/** The files the panel holds, for its page: all but those of other members' unsubmitted drafts (a manager who is no member has no draft). */
export async function panelFilesFor(tx: Db, access: PanelAccess): Promise<PanelFileView[]> {
  const hidden = await othersDraftFileIds(tx, access.panel.id, access.membership?.sub ?? "");
  return (await panelFileViews(tx, access.panel.id)).filter((file) => !hidden.has(file.id));
}

/** A first text for the outcome: the question as the summary, each contribution's recommendation and investigations attributed "Name: …". */
export async function draftFromContributions(tx: Db, origin: RequestOrigin, user: Actor, access: PanelAccess): Promise<OutcomeInput> {
  transition(access.panel.status, "write_outcome");
  requireConsent(access);
  const contributions = await submittedContributions(tx, access.panel.id);
  const attributed = (pick: (c: (typeof contributions)[number]) => string) =>
    contributions
      .filter((c) => pick(c).trim() !== "")
      .map((c) => `${c.authorName}: ${pick(c).trim()}`)
      .join("\n\n");
  await auditPanel(tx, origin, user, access.panel, "panel.outcome_drafted", { purpose: "read", contributions: contributions.length });
  return {
    summary: access.panel.question,
    recommendation: attributed((c) => c.recommendation),
    investigations: attributed((c) => c.investigations),
    followUp: "",
  };
}

/** Creates or changes the outcome in force (a new revision each time); a signed outcome does not change. */
export async function saveOutcome(
  tx: Db,
  origin: RequestOrigin,
  user: Actor,
  access: PanelAccess,
  input: OutcomeInput,
  now = new Date(),
): Promise<OutcomeView> {
  transition(access.panel.status, "write_outcome");
  requireConsent(access);
  const text = {
    summary: input.summary.trim(),
    recommendation: input.recommendation.trim(),
    investigations: input.investigations.trim(),
    followUp: input.followUp.trim(),
  };
  const existing = await currentOutcome(tx, access.panel.id);
  if (existing?.status === "signed") throw new Conflict("The outcome is signed: it can no longer change. Reopen the panel to write a new one.");
  const [row] = existing
    ? await tx
        .update(panelOutcomes)
        .set({ ...text, revision: existing.revision + 1, authorSub: user.sub, authorName: user.name, updatedAt: now })
        .where(eq(panelOutcomes.id, existing.id))
        .returning()
    : await tx
        .insert(panelOutcomes)
        .values({ panelId: access.panel.id, ...text, authorSub: user.sub, authorName: user.name, createdAt: now, updatedAt: now })
        .returning();
  await auditPanel(tx, origin, user, access.panel, "panel.outcome_saved", { purpose: "write", outcomeId: row.id, revision: row.revision });
  return outcomeView(tx, row);
}

/** Changes the panel's status (already checked by transition) and answers the updated row. */
export async function setStatus(tx: Db, panel: PanelRow, changes: Partial<typeof panels.$inferInsert>, now: Date): Promise<PanelRow> {
  const [row] = await tx
    .update(panels)
    .set({ ...changes, updatedAt: now })
    .where(eq(panels.id, panel.id))
    .returning();
  return row;
}

/** Open → awaiting outcome: contributions close and the members are asked to agree with the outcome's current text. */
export async function requestAgreement(tx: Db, origin: RequestOrigin, cpmsUrl: string, user: Actor, access: PanelAccess, now = new Date()): Promise<PanelRow> {
  const status = transition(access.panel.status, "request_agreement");
  requireConsent(access);
  const outcome = await currentOutcome(tx, access.panel.id);
  if (!outcome || outcome.recommendation.trim() === "") {
    throw new Conflict("Write the outcome's recommendation before asking the members to agree with it.");
  }
  await tx.update(panelOutcomes).set({ agreementRequestedAt: now }).where(eq(panelOutcomes.id, outcome.id));
  const panel = await setStatus(tx, access.panel, { status }, now);
  await auditPanel(tx, origin, user, panel, "panel.agreement_requested", { purpose: "write", outcomeId: outcome.id, revision: outcome.revision });
  await notify(
    tx,
    cpmsUrl,
    await panelRecipients(tx, panel.id),
    {
      kind: "panel.agreement_requested",
      title: `Panel ${panel.reference}: do you agree with the outcome?`,
      body: `${user.name} wrote the outcome of panel ${panel.reference} and asks its members whether they agree with it.`,
      link: panelLink(panel),
    },
    user.sub,
  );
  return panel;
}

/** Awaiting outcome → open: contributions open again; refused once the outcome is signed. */
export async function backToContributions(tx: Db, origin: RequestOrigin, user: Actor, access: PanelAccess, now = new Date()): Promise<PanelRow> {
  const status = transition(access.panel.status, "back_to_contributions");
  requireConsent(access);
  const outcome = await currentOutcome(tx, access.panel.id);
  if (outcome?.status === "signed") throw new Conflict("The outcome is signed: close the panel, or reopen it later to change the outcome.");
  const panel = await setStatus(tx, access.panel, { status }, now);
  await auditPanel(tx, origin, user, panel, "panel.back_to_contributions", { purpose: "write" });
  return panel;
}

/** A member's agreement (or not, with a comment) with the outcome's current revision; the lead is told. */
export async function agree(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: Actor,
  access: PanelAccess,
  body: { agrees: boolean; comment?: string },
  now = new Date(),
): Promise<OutcomeView> {
  if (access.role === "lead") throw new Conflict("You lead this panel: you sign the outcome rather than agree with it.");
  if (access.role !== "member") throw new Forbidden("Only the panel's members agree with the outcome.");
  transition(access.panel.status, "agree");
  requireConsent(access);
  const outcome = await currentOutcome(tx, access.panel.id);
  if (!outcome) throw new Conflict("There is no outcome to agree with yet.");
  if (outcome.status === "signed") throw new Conflict("The outcome is already signed.");
  const agreement = { name: user.name, revision: outcome.revision, agrees: body.agrees, comment: (body.comment ?? "").trim(), at: now };
  await tx
    .insert(panelAgreements)
    .values({ outcomeId: outcome.id, sub: user.sub, ...agreement })
    .onConflictDoUpdate({ target: [panelAgreements.outcomeId, panelAgreements.sub], set: agreement });
  const panel = access.panel;
  await auditPanel(tx, origin, user, panel, "panel.outcome_agreement", {
    purpose: "write",
    outcomeId: outcome.id,
    revision: outcome.revision,
    agrees: body.agrees,
  });
  const [lead] = await tx
    .select({ sub: panelMembers.sub, email: panelMembers.email })
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.role, "lead")));
  await notify(
    tx,
    cpmsUrl,
    lead ? [lead] : [],
    {
      kind: "panel.agreement",
      title: `Panel ${panel.reference}: ${user.name} ${body.agrees ? "agrees" : "does not agree"} with the outcome`,
      body: `${user.name} ${body.agrees ? "agrees" : "does not agree"} with the outcome of panel ${panel.reference}${agreement.comment ? ", with a comment you can read in CPMS." : "."}`,
      link: panelLink(panel),
    },
    user.sub,
  );
  return outcomeView(tx, outcome);
}
