/*
 * What leaves the server about a panel:
 * - a summary (lists, the patient's panels): no patient data but the
 *   pseudonym; member and submitted-contribution counts;
 * - the view (GET /api/panels/:id): invitees see the invitation only (no
 *   members, no patient data); lead, members and managers see the members
 *   and, while the patient's consent for care stands, the shared sections
 *   of the patient's CURRENT record version (the others absent), the shared
 *   files, contributions, thread and outcome — and that read is audited
 *   ("panel.read", subject the patient, reason "panel");
 * - `you.actions`: what the panel's status allows, cut to the user's role
 *   (the routes check again).
 */
import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import type { PatientRecord } from "../patients/contract.ts";
import { patients, patientVersions } from "../patients/tables.ts";
import type { MemberView, PanelSummary, PanelView } from "./contract.ts";
import { contributionsFor, messagesFor } from "./contributions.ts";
import { outcomesFor, panelFilesFor } from "./outcome.ts";
import { auditPanel, type PanelAccess, type PanelMemberRow, type PanelRole, type PanelRow } from "./panel-access.ts";
import { allowedActions, type PanelAction } from "./state-machine.ts";
import { panelContributions, panelMembers } from "./tables.ts";

/** Today as "YYYY-MM-DD" (UTC): due dates are compared with it. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function isOverdue(panel: Pick<PanelRow, "dueDate" | "status">, day = today()): boolean {
  return panel.status !== "closed" && panel.dueDate < day;
}

/** A summary for the patient's panels: `role` is null for a reader of the patient who has no place in the panel. */
export type PatientPanelSummary = Omit<PanelSummary, "role"> & { role: PanelRole | null };

export function panelSummary<R extends PanelRole | null>(
  panel: PanelRow,
  role: R,
  counts: { members: number; contributions: number },
): Omit<PanelSummary, "role"> & { role: R } {
  return {
    id: panel.id,
    reference: panel.reference,
    ernCode: panel.ernCode,
    patientId: panel.patientId,
    pseudonym: panel.pseudonym,
    title: panel.title,
    thematicAreaName: panel.thematicAreaName,
    urgency: panel.urgency,
    dueDate: panel.dueDate,
    status: panel.status,
    overdue: isOverdue(panel),
    leadName: panel.leadName,
    role,
    members: counts.members,
    contributions: counts.contributions,
    createdAt: panel.createdAt.toISOString(),
    closedAt: panel.closedAt?.toISOString() ?? null,
  };
}

/** Accepted members (the lead included) and submitted contributions of each panel, in two grouped queries. */
export async function panelCounts(db: Db, panelIds: string[]): Promise<Map<string, { members: number; contributions: number }>> {
  const counts = new Map(panelIds.map((id) => [id, { members: 0, contributions: 0 }]));
  if (panelIds.length === 0) return counts;
  const memberRows = await db
    .select({ panelId: panelMembers.panelId, n: sql<number>`count(*)::int` })
    .from(panelMembers)
    .where(and(inArray(panelMembers.panelId, panelIds), eq(panelMembers.status, "accepted")))
    .groupBy(panelMembers.panelId);
  const contributionRows = await db
    .select({ panelId: panelContributions.panelId, n: sql<number>`count(*)::int` })
    .from(panelContributions)
    .where(and(inArray(panelContributions.panelId, panelIds), isNotNull(panelContributions.submittedAt)))
    .groupBy(panelContributions.panelId);
  for (const row of memberRows) (counts.get(row.panelId) as { members: number }).members = Number(row.n);
  for (const row of contributionRows) (counts.get(row.panelId) as { contributions: number }).contributions = Number(row.n);
  return counts;
}

export function memberView(row: PanelMemberRow, contributed: boolean): MemberView {
  return {
    sub: row.sub,
    name: row.name,
    role: row.role,
    status: row.status,
    ernCode: row.ernCode,
    providerLabel: row.providerLabel,
    countryCode: row.countryCode,
    viaThematicArea: row.viaThematicArea,
    invitedByName: row.invitedByName,
    invitedAt: row.invitedAt.toISOString(),
    respondedAt: row.respondedAt?.toISOString() ?? null,
    declineReason: row.declineReason,
    removedAt: row.removedAt?.toISOString() ?? null,
    removedByName: row.removedByName,
    removeReason: row.removeReason,
    contributed,
  };
}

const MEMBER_ACTIONS: readonly PanelAction[] = ["contribute", "message", "agree"];
const MANAGE_ACTIONS: readonly PanelAction[] = [
  "edit",
  "open",
  "invite",
  "remove_member",
  "remind",
  "write_outcome",
  "request_agreement",
  "back_to_contributions",
  "close",
  "message",
];
const LEAD_ACTIONS: readonly PanelAction[] = [...MANAGE_ACTIONS, "contribute", "delete", "reopen", "sign"];

/** What the user may do now: the status's actions cut to their role; without consent for care, a draft can only be deleted. */
export function actionsFor(access: Pick<PanelAccess, "panel" | "role" | "consentStands" | "canManage">): PanelAction[] {
  const mine: readonly PanelAction[] =
    access.role === "lead"
      ? LEAD_ACTIONS
      : access.role === "manager"
        ? MANAGE_ACTIONS
        : access.role === "member"
          ? access.canManage
            ? [...new Set([...MEMBER_ACTIONS, ...MANAGE_ACTIONS])]
            : MEMBER_ACTIONS
          : ["respond"];
  const allowed = allowedActions(access.panel.status).filter((action) => mine.includes(action));
  return access.consentStands ? allowed : allowed.filter((action) => action === "delete");
}

/** The shared sections of the patient's current record version (others absent). */
async function sharedRecord(tx: Db, panel: PanelRow): Promise<{ version: number; record: Partial<PatientRecord> }> {
  const [row] = await tx
    .select({ version: patients.version, record: patientVersions.record })
    .from(patients)
    .innerJoin(patientVersions, and(eq(patientVersions.patientId, patients.id), eq(patientVersions.version, patients.version)))
    .where(eq(patients.id, panel.patientId));
  const record: Partial<PatientRecord> = {};
  for (const section of panel.sharedSections) {
    if (section in row.record) Object.assign(record, { [section]: row.record[section] });
  }
  return { version: row.version, record };
}

/** The panel as the user may see it; audited "panel.read" when it shows patient data. */
export async function panelView(tx: Db, origin: RequestOrigin, user: CpmsUser, access: PanelAccess): Promise<PanelView> {
  const { panel } = access;
  const rows = await tx
    .select()
    .from(panelMembers)
    .where(eq(panelMembers.panelId, panel.id))
    .orderBy(desc(sql`${panelMembers.role} = 'lead'`), panelMembers.invitedAt);
  const submitted = await tx
    .select({ sub: panelContributions.authorSub })
    .from(panelContributions)
    .where(and(eq(panelContributions.panelId, panel.id), isNotNull(panelContributions.submittedAt)));
  const contributors = new Set(submitted.map((row) => row.sub));
  const summary = panelSummary(panel, access.role, {
    members: rows.filter((row) => row.status === "accepted").length,
    contributions: contributors.size,
  });
  const seesPanel = access.role !== "invitee";
  const seesData = seesPanel && access.consentStands;
  let data: Pick<PanelView, "shared" | "files" | "contributions" | "messages" | "outcome" | "previousOutcomes"> = {
    shared: null,
    files: null,
    contributions: null,
    messages: null,
    outcome: null,
    previousOutcomes: null,
  };
  if (seesData) {
    const outcomes = await outcomesFor(tx, access);
    data = {
      shared: await sharedRecord(tx, panel),
      files: await panelFilesFor(tx, access),
      contributions: await contributionsFor(tx, access),
      messages: await messagesFor(tx, access),
      outcome: outcomes.current,
      previousOutcomes: outcomes.previous,
    };
    await auditPanel(tx, origin, user, panel, "panel.read", { purpose: "read", role: access.role });
  }
  return {
    ...summary,
    question: panel.question,
    thematicAreaId: panel.thematicAreaId,
    createdByName: panel.createdByName,
    openedAt: panel.openedAt?.toISOString() ?? null,
    requestId: panel.requestId,
    sharedSections: panel.sharedSections,
    consentStands: access.consentStands,
    you: {
      sub: user.sub,
      role: access.role,
      canManage: access.canManage,
      isLead: access.isLead,
      actions: actionsFor(access),
      contributed: contributors.has(user.sub),
    },
    members: seesPanel ? rows.map((row) => memberView(row, contributors.has(row.sub))) : null,
    ...data,
  };
}
