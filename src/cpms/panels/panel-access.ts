/*
 * Who may see and do what in a panel — the one place that decides, for
 * every panel route (the panel, its members, contributions, thread,
 * outcome, files). Default deny: anyone else gets 404 "Not found or no
 * access.", never learning that the panel exists.
 *
 * - lead: the panel's lead (they hold a clinical profile in its ERN);
 * - member: an invitee who accepted and was not removed, while they still
 *   hold a clinical profile in the ERN they were invited in;
 * - manager: a Panel Manager ERN of the panel's ERN, or a Panel Manager
 *   HCP at the lead's healthcare provider in that ERN ("assists panel lead
 *   with managing panels"): does what the lead does, except signing;
 * - invitee: invited (the invitation sent: a draft's go out when it
 *   opens), not yet answered: sees the invitation (question, area, urgency,
 *   due date, lead) and no patient data.
 *
 * Panel members see the patient through the panel only: the sections and
 * attachments the panel shares, only while they are members — not the
 * patient's record (access-policy.ts gives panels no arm). When the
 * patient's consent for care no longer stands, nobody but the enrolling
 * HCP sees the panel's patient data and the panel cannot go on.
 */
import { and, eq } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { CpmsProfile, CpmsUser } from "../authorizations/memberships.ts";
import { auditPatient, isUuid } from "../patients/record-store.ts";
import { patients } from "../patients/tables.ts";
import { panelMembers, panels } from "./tables.ts";

export type PanelRow = typeof panels.$inferSelect;
export type PanelMemberRow = typeof panelMembers.$inferSelect;

export type PanelRole = "lead" | "member" | "manager" | "invitee";

/** What the route needs: "invitation" (an invitee or more), "member" (sees the panel's data), "manage" (lead or manager), "lead" (the lead only). */
export type PanelNeed = "invitation" | "member" | "manage" | "lead";

export type PanelAccess = {
  panel: PanelRow;
  role: PanelRole;
  /** The user's own row in panel_members (null for a manager who is not a member). */
  membership: PanelMemberRow | null;
  isLead: boolean;
  /** Lead or manager: invites, removes, reminds, edits, writes the outcome. */
  canManage: boolean;
  /** The patient's consent for care stands: without it the panel's patient data is hidden and the panel cannot go on. */
  consentStands: boolean;
};

export const CLINICAL_PROFILES: readonly CpmsProfile[] = ["HP", "Panel Manager HCP", "Coordinator", "Panel Manager ERN"];
const NOT_FOUND = "Not found or no access.";

function holdsClinicalProfile(user: CpmsUser, ernCode: string): boolean {
  return user.memberships.some((m) => m.ernCode === ernCode && CLINICAL_PROFILES.includes(m.profile));
}

/** Panel Manager ERN of the panel's ERN, or Panel Manager HCP at the lead's provider in it. */
export function managesPanel(user: CpmsUser, panel: Pick<PanelRow, "ernCode" | "leadProviderId">): boolean {
  return user.memberships.some(
    (m) => m.ernCode === panel.ernCode && (m.profile === "Panel Manager ERN" || (m.profile === "Panel Manager HCP" && m.providerId === panel.leadProviderId)),
  );
}

function roleOf(user: CpmsUser, panel: PanelRow, own: PanelMemberRow | null): PanelRole | null {
  if (panel.leadSub === user.sub && holdsClinicalProfile(user, panel.ernCode)) return "lead";
  if (own && own.status === "accepted" && holdsClinicalProfile(user, own.ernCode)) return "member";
  if (managesPanel(user, panel)) return "manager";
  // An invitation made in a draft is not one until it goes out, when the panel opens.
  if (own && own.status === "invited" && own.notifiedAt !== null && holdsClinicalProfile(user, own.ernCode)) return "invitee";
  return null;
}

const SATISFIES: Record<PanelNeed, readonly PanelRole[]> = {
  invitation: ["lead", "member", "manager", "invitee"],
  member: ["lead", "member", "manager"],
  manage: ["lead", "manager"],
  lead: ["lead"],
};

/**
 * The panel and the user's place in it, when it meets `need`; 404 "Not
 * found or no access." otherwise. With `lock`, the panel row is locked for
 * a change (call inside a transaction).
 */
export async function requirePanelAccess(db: Db, user: CpmsUser, panelId: string, need: PanelNeed, options: { lock?: boolean } = {}): Promise<PanelAccess> {
  if (!isUuid(panelId)) throw new NotFound(NOT_FOUND);
  const id = panelId.toLowerCase();
  // Locked on its own: "FOR UPDATE OF" takes no schema-qualified name, which a join would need.
  if (options.lock) await db.select({ id: panels.id }).from(panels).where(eq(panels.id, id)).for("update");
  const [found] = await db
    .select({ panel: panels, consentCare: patients.consentCare, withdrawn: patients.withdrawn })
    .from(panels)
    .innerJoin(patients, eq(patients.id, panels.patientId))
    .where(eq(panels.id, id));
  if (!found) throw new NotFound(NOT_FOUND);
  const [own] = await db
    .select()
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, found.panel.id), eq(panelMembers.sub, user.sub)));
  const role = roleOf(user, found.panel, own ?? null);
  // A panel manager who also accepted an invitation keeps managing.
  const canManage = role === "lead" || role === "manager" || (role === "member" && managesPanel(user, found.panel));
  if (!role || !(need === "manage" ? canManage : SATISFIES[need].includes(role))) throw new NotFound(NOT_FOUND);
  return {
    panel: found.panel,
    role,
    membership: own ?? null,
    isLead: role === "lead",
    canManage,
    consentStands: found.consentCare && !found.withdrawn,
  };
}

/**
 * An audit event about a panel: subject = its patient (so the patient's
 * access log shows it), reason "panel", the panel's id in the details.
 */
export async function auditPanel(
  tx: Db,
  origin: RequestOrigin,
  user: { sub: string; name: string },
  panel: Pick<PanelRow, "id" | "patientId">,
  type: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await auditPatient(tx, origin, user, panel.patientId, type, { reason: "panel", panelId: panel.id, ...details });
}
