/*
 * Signing the outcome, closing the panel, reopening it.
 *
 * - only the panel's lead signs (a manager or a member: 403 — they see the
 *   panel, so refusing says nothing new); signing freezes the outcome: the
 *   contributions it cites are copied as they are, and the SHA-256 of the
 *   signed document's canonical JSON is kept (the PDF prints it);
 * - the lead or a manager closes the panel, once the outcome is signed;
 *   fewer than two submitted contributions is a 409 with code
 *   "few_contributions" (such panels do not count in the ERN's monitoring)
 *   unless the user confirms; a closed panel is read-only;
 * - only the lead reopens a closed panel, with a reason: the signed
 *   outcome is superseded (kept, and still listed) and the reopening is
 *   audited with the reason;
 * - while the patient's consent for care does not stand, nothing changes;
 *   each step audited and the members told, in its transaction.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, Forbidden, InvalidField, Problem } from "../../platform/http/errors.ts";
import { notify } from "../notifications/notify.ts";
import type { PatientAccess } from "../patients/access-policy.ts";
import { auditPatient } from "../patients/record-store.ts";
import type { PatientOutcome } from "./contract.ts";
import { type Actor, currentOutcome, type OutcomeRow, panelLink, panelRecipients, requireConsent, setStatus, submittedContributions } from "./outcome.ts";
import { auditPanel, type PanelAccess, type PanelRow } from "./panel-access.ts";
import { transition } from "./state-machine.ts";
import { panelAgreements, panelContributions, panelOutcomes, panels } from "./tables.ts";

/** JSON with every object's keys sorted, so the same document always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What a signature covers: the panel's question and patient pseudonym, the outcome's text, the contributions cited, the agreements, who signed and when. */
export async function signedDocument(tx: Db, panel: PanelRow, outcome: OutcomeRow) {
  const agreements = await tx.select().from(panelAgreements).where(eq(panelAgreements.outcomeId, outcome.id)).orderBy(panelAgreements.at);
  return {
    panel: {
      reference: panel.reference,
      ernCode: panel.ernCode,
      thematicArea: panel.thematicAreaName,
      pseudonym: panel.pseudonym,
      title: panel.title,
      question: panel.question,
    },
    outcome: {
      id: outcome.id,
      revision: outcome.revision,
      summary: outcome.summary,
      recommendation: outcome.recommendation,
      investigations: outcome.investigations,
      followUp: outcome.followUp,
    },
    contributions: outcome.contributions,
    agreements: agreements.map((a) => ({ name: a.name, revision: a.revision, agrees: a.agrees, comment: a.comment })),
    signedBy: outcome.signedByName,
    signedAt: outcome.signedAt?.toISOString() ?? null,
  };
}

export async function signOutcome(tx: Db, origin: RequestOrigin, cpmsUrl: string, user: Actor, access: PanelAccess, now = new Date()): Promise<PanelRow> {
  if (!access.isLead) throw new Forbidden("Only the panel lead signs the outcome.");
  transition(access.panel.status, "sign");
  requireConsent(access);
  const outcome = await currentOutcome(tx, access.panel.id);
  if (!outcome) throw new Conflict("Write the outcome before signing it.");
  if (outcome.status === "signed") throw new Conflict("The outcome is already signed.");
  if (outcome.recommendation.trim() === "") throw new Conflict("Write the outcome's recommendation before signing it.");
  const contributions = (await submittedContributions(tx, access.panel.id)).map((c) => ({ authorName: c.authorName, recommendation: c.recommendation }));
  const signed: OutcomeRow = { ...outcome, status: "signed", contributions, signedAt: now, signedBySub: user.sub, signedByName: user.name };
  const sha256 = createHash("sha256")
    .update(canonicalJson(await signedDocument(tx, access.panel, signed)))
    .digest("hex");
  await tx
    .update(panelOutcomes)
    .set({ status: "signed", contributions, signedAt: now, signedBySub: user.sub, signedByName: user.name, signedSha256: sha256, updatedAt: now })
    .where(eq(panelOutcomes.id, outcome.id));
  const panel = await setStatus(tx, access.panel, {}, now);
  await auditPanel(tx, origin, user, panel, "panel.outcome_signed", { purpose: "write", outcomeId: outcome.id, revision: outcome.revision, sha256 });
  await notify(
    tx,
    cpmsUrl,
    await panelRecipients(tx, panel.id),
    {
      kind: "panel.outcome_signed",
      title: `Panel ${panel.reference}: the outcome is signed`,
      body: `${user.name} signed the outcome of panel ${panel.reference}.`,
      link: panelLink(panel),
    },
    user.sub,
  );
  return panel;
}

/** 409 "few_contributions": the user is asked to confirm closing a panel that will not count in the ERN's monitoring. */
export class FewContributions extends Problem {
  constructor(count: number) {
    super(
      409,
      "Conflict",
      `This panel has ${count === 0 ? "no submitted contribution" : "only one submitted contribution"}: panels with fewer than two do not count in the ERN's monitoring. Close it anyway?`,
      undefined,
      {},
      { code: "few_contributions", contributions: count },
    );
  }
}

export async function closePanel(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: Actor,
  access: PanelAccess,
  body: { confirmFewContributions?: boolean },
  now = new Date(),
): Promise<PanelRow> {
  const status = transition(access.panel.status, "close");
  requireConsent(access);
  const outcome = await currentOutcome(tx, access.panel.id);
  if (outcome?.status !== "signed") throw new Conflict("Sign the outcome before closing the panel.");
  const [{ count }] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(panelContributions)
    .where(and(eq(panelContributions.panelId, access.panel.id), isNotNull(panelContributions.submittedAt)));
  if (count < 2 && body.confirmFewContributions !== true) throw new FewContributions(count);
  const panel = await setStatus(tx, access.panel, { status, closedAt: now }, now);
  await auditPanel(tx, origin, user, panel, "panel.closed", { purpose: "write", outcomeId: outcome.id, contributions: count });
  await notify(
    tx,
    cpmsUrl,
    await panelRecipients(tx, panel.id),
    {
      kind: "panel.closed",
      title: `Panel ${panel.reference} is closed`,
      body: `${user.name} closed panel ${panel.reference}. Its signed outcome stays with the patient's record in CPMS.`,
      link: panelLink(panel),
    },
    user.sub,
  );
  return panel;
}

export async function reopenPanel(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: Actor,
  access: PanelAccess,
  reasonGiven: string,
  now = new Date(),
): Promise<PanelRow> {
  if (!access.isLead) throw new Forbidden("Only the panel lead reopens the panel.");
  const status = transition(access.panel.status, "reopen");
  requireConsent(access);
  const reason = reasonGiven.replace(/\s+/g, " ").trim();
  if (reason.length < 3) throw new InvalidField("reason", "Give the reason for reopening the panel, in 3 to 500 characters.");
  const outcome = await currentOutcome(tx, access.panel.id);
  if (outcome) await tx.update(panelOutcomes).set({ status: "superseded", supersededAt: now, updatedAt: now }).where(eq(panelOutcomes.id, outcome.id));
  const panel = await setStatus(tx, access.panel, { status, closedAt: null }, now);
  await auditPanel(tx, origin, user, panel, "panel.reopened", { purpose: "write", reason, supersededOutcomeId: outcome?.id ?? null });
  await notify(
    tx,
    cpmsUrl,
    await panelRecipients(tx, panel.id),
    {
      kind: "panel.reopened",
      title: `Panel ${panel.reference} is reopened`,
      body: `${user.name} reopened panel ${panel.reference}. Its signed outcome is superseded; a new outcome will follow. The reason is in CPMS.`,
      link: panelLink(panel),
    },
    user.sub,
  );
  return panel;
}

/** The signed outcomes in force of the patient's panels, newest first: they stay with the patient. Audited on the patient. */
export async function patientOutcomes(tx: Db, origin: RequestOrigin, user: Actor, access: PatientAccess): Promise<PatientOutcome[]> {
  const rows = await tx
    .select({
      panelId: panels.id,
      reference: panels.reference,
      title: panels.title,
      signedAt: panelOutcomes.signedAt,
      signedByName: panelOutcomes.signedByName,
      recommendation: panelOutcomes.recommendation,
    })
    .from(panelOutcomes)
    .innerJoin(panels, eq(panels.id, panelOutcomes.panelId))
    .where(and(eq(panels.patientId, access.patientId), eq(panelOutcomes.status, "signed")))
    .orderBy(desc(panelOutcomes.signedAt));
  await auditPatient(tx, origin, user, access.patientId, "patient.panel_outcomes_read", { reason: access.reason, purpose: "read", count: rows.length });
  return rows.map((row) => ({ ...row, signedAt: (row.signedAt as Date).toISOString(), signedByName: row.signedByName ?? "" }));
}
