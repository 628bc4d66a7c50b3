/*
 * "My panels" (GET /api/panels) and a patient's panels
 * (GET /api/patients/:id/panels).
 *
 * The user's place in each panel is decided in SQL by the same rules as
 * panel-access.ts (lead or accepted member while holding a clinical profile
 * in the ERN, Panel Manager ERN of the ERN or Panel Manager HCP at the
 * lead's provider, invitee), so the list never shows a panel the panel's
 * page would refuse; an invitee sees a draft's invitation only once it has
 * gone out. Role filter: leading, member, invited, managing (a
 * panel the user manages as a panel manager), all. Overdue (due date passed,
 * not closed) first, then urgent, then by due date; 25 a page; `counts`
 * per status and the number overdue over the same role and ERN filters. Rows, total and counts
 * take two queries, the member and contribution counts two more (grouped).
 */
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import type { PanelList } from "./contract.ts";
import { CLINICAL_PROFILES, type PanelRole } from "./panel-access.ts";
import { type PatientPanelSummary, panelCounts, panelSummary, today } from "./panel-view.ts";
import type { PanelListFilters } from "./schemas.ts";
import { PANEL_STATUSES, type PanelStatus, panelMembers, panels } from "./tables.ts";

export const PANELS_PER_PAGE = 25;

const textArray = (values: string[]) =>
  values.length
    ? sql`array[${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )}]::text[]`
    : sql`array[]::text[]`;

/** The conditions of each role, on `panels` left-joined with the user's own `panel_members` row. */
function roleConditions(user: CpmsUser) {
  const clinicalErns = [...new Set(user.memberships.filter((m) => CLINICAL_PROFILES.includes(m.profile)).map((m) => m.ernCode))];
  const managedErns = [...new Set(user.memberships.filter((m) => m.profile === "Panel Manager ERN").map((m) => m.ernCode))];
  const managedLeads = [...new Set(user.memberships.filter((m) => m.profile === "Panel Manager HCP").map((m) => `${m.ernCode}|${m.providerId}`))];
  const lead = sql`(${panels.leadSub} = ${user.sub} and ${panels.ernCode} = any(${textArray(clinicalErns)}))`;
  const member = sql`(${panelMembers.status} = 'accepted' and ${panelMembers.ernCode} = any(${textArray(clinicalErns)}))`;
  const manager = sql`(${panels.ernCode} = any(${textArray(managedErns)}) or ${panels.ernCode} || '|' || ${panels.leadProviderId} = any(${textArray(managedLeads)}))`;
  // An invitation made in a draft is listed once it has gone out (when the panel opens).
  const invitee = sql`(${panelMembers.status} = 'invited' and ${panelMembers.notifiedAt} is not null and ${panelMembers.ernCode} = any(${textArray(clinicalErns)}))`;
  const role = sql<PanelRole | null>`case when ${lead} then 'lead' when ${member} then 'member' when ${manager} then 'manager' when ${invitee} then 'invitee' end`;
  return { lead, member, manager, invitee, role };
}

const ROLE_FILTER: Record<NonNullable<PanelListFilters["role"]>, (c: ReturnType<typeof roleConditions>) => SQL> = {
  leading: (c) => sql`${c.role} = 'lead'`,
  member: (c) => sql`${c.role} = 'member'`,
  invited: (c) => sql`${c.role} = 'invitee'`,
  managing: (c) => c.manager,
  all: (c) => sql`${c.role} is not null`,
};

export async function listPanels(db: Db, user: CpmsUser, filters: PanelListFilters): Promise<PanelList> {
  const conditions = roleConditions(user);
  const mine = and(ROLE_FILTER[filters.role ?? "all"](conditions), filters.ern ? eq(panels.ernCode, filters.ern) : undefined);
  const ownRow = and(eq(panelMembers.panelId, panels.id), eq(panelMembers.sub, user.sub));
  const page = filters.page ?? 1;
  const day = today();
  const overdue = sql<boolean>`(${panels.dueDate} < ${day}::date and ${panels.status} <> 'closed')`;
  const rows = await db
    .select({ panel: panels, role: conditions.role, total: sql<number>`count(*) over ()` })
    .from(panels)
    .leftJoin(panelMembers, ownRow)
    .where(and(mine, filters.status ? eq(panels.status, filters.status) : undefined))
    .orderBy(desc(overdue), desc(sql`${panels.urgency} = 'urgent'`), asc(panels.dueDate), desc(panels.createdAt), asc(panels.id))
    .limit(PANELS_PER_PAGE)
    .offset((page - 1) * PANELS_PER_PAGE);
  const byStatus = await db
    .select({ status: panels.status, n: sql<number>`count(*)::int`, overdue: sql<number>`count(*) filter (where ${overdue})::int` })
    .from(panels)
    .leftJoin(panelMembers, ownRow)
    .where(mine)
    .groupBy(panels.status);
  const counts = Object.fromEntries(PANEL_STATUSES.map((status) => [status, 0])) as Record<PanelStatus, number>;
  for (const row of byStatus) counts[row.status] = Number(row.n);
  const overdueCount = byStatus.reduce((sum, row) => sum + Number(row.overdue), 0);
  let total = rows.length ? Number(rows[0].total) : 0;
  if (rows.length === 0 && page > 1) total = filters.status ? counts[filters.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  const numbers = await panelCounts(
    db,
    rows.map((row) => row.panel.id),
  );
  return {
    rows: rows.map((row) => panelSummary(row.panel, row.role as PanelRole, numbers.get(row.panel.id) as { members: number; contributions: number })),
    total,
    page,
    perPage: PANELS_PER_PAGE,
    counts,
    overdue: overdueCount,
  };
}

/** Every panel on the patient (for a reader of the patient), newest first, with the user's place in each (null: none). */
export async function patientPanels(db: Db, user: CpmsUser, patientId: string): Promise<PatientPanelSummary[]> {
  const conditions = roleConditions(user);
  const rows = await db
    .select({ panel: panels, role: conditions.role })
    .from(panels)
    .leftJoin(panelMembers, and(eq(panelMembers.panelId, panels.id), eq(panelMembers.sub, user.sub)))
    .where(eq(panels.patientId, patientId))
    .orderBy(desc(panels.createdAt));
  const numbers = await panelCounts(
    db,
    rows.map((row) => row.panel.id),
  );
  return rows.map((row) => panelSummary(row.panel, row.role, numbers.get(row.panel.id) as { members: number; contributions: number }));
}
