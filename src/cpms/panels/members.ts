/*
 * A panel's members: suggestions, invitations, answers and removals, each
 * in the caller's transaction (the panel locked) with its audit event and
 * its notices.
 * - Suggestions: the HPs of the panel's ERN who chose its thematic area in
 *   their preferences. For another ERN (?ern=): that ERN's HPs who chose an
 *   offered area of the same name (case-insensitive); when it offers no
 *   area of that name, everyone who chose any of its areas — the expert
 *   groups closest to the question that the ERN has. The lead is never
 *   suggested; people invited or members are marked.
 * - Invite (draft or open): each invitee a member of the directory holding
 *   a clinical profile in the ERN named, once (a person who declined or was
 *   removed may be asked again), never the lead; on an open panel they are
 *   told at once, in a draft when it opens.
 * - Answer: the invitee accepts or declines (with a reason); the lead is told.
 * - Remove (not the lead): access ends at once; the person is told, without
 *   patient data.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, InvalidField, NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { members, memberships } from "../authorizations/tables.ts";
import { notify } from "../notifications/notify.ts";
import { hpsOfThematicArea, membersByThematicArea, type Participant } from "../preferences/participants.ts";
import { thematicAreas } from "../preferences/tables.ts";
import type { MemberView, Suggestion } from "./contract.ts";
import { auditPanel, CLINICAL_PROFILES, type PanelAccess, type PanelMemberRow } from "./panel-access.ts";
import { answerNotice, invitationNotice, removalNotice } from "./panel-notices.ts";
import { memberView } from "./panel-view.ts";
import type { InvitationAnswer, InvitationInput } from "./schemas.ts";
import { transition } from "./state-machine.ts";
import { panelMembers, panels } from "./tables.ts";

const STILL_IN: readonly PanelMemberRow["status"][] = ["invited", "accepted"];

async function participantsFor(db: Db, access: PanelAccess, ernCode: string): Promise<Participant[]> {
  const { panel } = access;
  if (ernCode === panel.ernCode) return panel.thematicAreaId ? hpsOfThematicArea(db, ernCode, panel.thematicAreaId) : [];
  const [sameName] = await db
    .select({ id: thematicAreas.id })
    .from(thematicAreas)
    .where(and(eq(thematicAreas.ernCode, ernCode), isNull(thematicAreas.retiredAt), sql`lower(${thematicAreas.name}) = lower(${panel.thematicAreaName})`));
  if (sameName) return hpsOfThematicArea(db, ernCode, sameName.id);
  const everyone = new Map<string, Participant>();
  for (const list of (await membersByThematicArea(db, ernCode)).values()) for (const p of list) if (!everyone.has(p.sub)) everyone.set(p.sub, p);
  return [...everyone.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function suggestMembers(db: Db, access: PanelAccess, ernCode?: string): Promise<Suggestion[]> {
  const { panel } = access;
  const ern = ernCode ?? panel.ernCode;
  const people = (await participantsFor(db, access, ern)).filter((p) => p.sub !== panel.leadSub);
  const rows = await db.select({ sub: panelMembers.sub, status: panelMembers.status }).from(panelMembers).where(eq(panelMembers.panelId, panel.id));
  const taken = new Set(rows.filter((row) => STILL_IN.includes(row.status)).map((row) => row.sub));
  return people.map((p) => ({ sub: p.sub, name: p.name, ernCode: ern, providers: p.providers, alreadyInvited: taken.has(p.sub) }));
}

type Invitee = { sub: string; name: string; email: string | null; ernCode: string; providerLabel: string; countryCode: string; viaThematicArea: boolean };

/** Each invitee as the directory knows them, with a clinical profile in the ERN named; 400 on `invitees` otherwise. */
async function resolveInvitees(tx: Db, access: PanelAccess, body: InvitationInput): Promise<Invitee[]> {
  const subs = body.invitees.map((i) => i.sub);
  if (new Set(subs).size !== subs.length) throw new InvalidField("invitees", "Each person can be invited once: remove the repeated names.");
  if (subs.includes(access.panel.leadSub)) throw new InvalidField("invitees", `${access.panel.leadName} leads this panel: they cannot be invited to it.`);
  const held = await tx
    .select({
      sub: members.sub,
      name: members.name,
      email: members.email,
      ernCode: memberships.ernCode,
      profile: memberships.profile,
      providerCode: memberships.providerCode,
      providerName: memberships.providerName,
      countryCode: memberships.countryCode,
    })
    .from(members)
    .innerJoin(memberships, eq(memberships.sub, members.sub))
    .where(and(inArray(members.sub, subs), inArray(memberships.profile, [...CLINICAL_PROFILES])))
    .orderBy(sql`${memberships.profile} = 'HP' desc`, memberships.providerCode);
  return body.invitees.map((wanted) => {
    const found = held.find((row) => row.sub === wanted.sub && row.ernCode === wanted.ernCode);
    if (!found)
      throw new InvalidField(
        "invitees",
        `Someone you chose holds no HP, coordinator or panel manager profile in ${wanted.ernCode}: choose members from the suggestions or the directory.`,
      );
    return {
      sub: found.sub,
      name: found.name,
      email: found.email,
      ernCode: found.ernCode,
      providerLabel: `${found.providerCode} - ${found.providerName}`,
      countryCode: found.countryCode,
      viaThematicArea: wanted.viaThematicArea ?? false,
    };
  });
}

export async function inviteMembers(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  access: PanelAccess,
  body: InvitationInput,
): Promise<MemberView[]> {
  const { panel } = access;
  transition(panel.status, "invite");
  if (!access.consentStands) throw new Conflict("Consent for care does not stand: nobody new can be invited to this panel.");
  const invitees = await resolveInvitees(tx, access, body);
  const existing = await tx
    .select()
    .from(panelMembers)
    .where(
      and(
        eq(panelMembers.panelId, panel.id),
        inArray(
          panelMembers.sub,
          invitees.map((i) => i.sub),
        ),
      ),
    );
  const already = existing.find((row) => STILL_IN.includes(row.status));
  if (already) throw new Conflict(`${already.name} is already ${already.status === "invited" ? "invited to" : "a member of"} this panel.`);
  const now = new Date();
  const notifiedAt = panel.status === "draft" ? null : now;
  const rows: PanelMemberRow[] = [];
  for (const invitee of invitees) {
    const values = {
      name: invitee.name,
      email: invitee.email,
      role: "member" as const,
      status: "invited" as const,
      ernCode: invitee.ernCode,
      providerLabel: invitee.providerLabel,
      countryCode: invitee.countryCode,
      viaThematicArea: invitee.viaThematicArea,
      invitedBySub: user.sub,
      invitedByName: user.name,
      invitedAt: now,
      inviteNote: body.note?.trim() || null,
      notifiedAt,
      respondedAt: null,
      declineReason: null,
      removedAt: null,
      removedBySub: null,
      removedByName: null,
      removeReason: null,
    };
    // A person who declined or was removed is asked again on their old row (the history is in the audit log).
    const [row] = await tx
      .insert(panelMembers)
      .values({ panelId: panel.id, sub: invitee.sub, ...values })
      .onConflictDoUpdate({ target: [panelMembers.panelId, panelMembers.sub], set: values })
      .returning();
    rows.push(row);
    await auditPanel(tx, origin, user, panel, "panel.member_invited", {
      purpose: "write",
      inviteeSub: invitee.sub,
      inviteeName: invitee.name,
      ernCode: invitee.ernCode,
      viaThematicArea: invitee.viaThematicArea,
      again: existing.some((e) => e.sub === invitee.sub),
    });
  }
  if (notifiedAt) await notify(tx, cpmsUrl, invitees, invitationNotice(panel, user.name, body.note), user.sub);
  await tx.update(panels).set({ updatedAt: now }).where(eq(panels.id, panel.id));
  return rows.map((row) => memberView(row, false));
}

export async function answerInvitation(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  access: PanelAccess,
  answer: InvitationAnswer,
): Promise<"accepted" | "declined"> {
  const { panel, membership } = access;
  if (!membership || membership.role === "lead") throw new NotFound();
  transition(panel.status, "respond");
  if (membership.status !== "invited")
    throw new Conflict(membership.status === "accepted" ? "You have already accepted this invitation." : "This invitation is no longer open.");
  const status = answer.accept ? "accepted" : "declined";
  const reason = answer.accept ? null : answer.reason?.trim() || null;
  await tx
    .update(panelMembers)
    .set({ status, respondedAt: new Date(), declineReason: reason })
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.sub, user.sub)));
  const [lead] = await tx
    .select({ sub: panelMembers.sub, email: panelMembers.email })
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.role, "lead")));
  if (lead) await notify(tx, cpmsUrl, [lead], answerNotice(panel, user.name, answer.accept, reason), user.sub);
  await auditPanel(tx, origin, user, panel, answer.accept ? "panel.invitation_accepted" : "panel.invitation_declined", {
    purpose: "write",
    ...(reason ? { declineReason: reason } : {}),
  });
  return status;
}

/** Removes `sub` from the panel; returns the removed person's name. */
export async function removeMember(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  access: PanelAccess,
  sub: string,
  reason: string,
): Promise<string> {
  const { panel } = access;
  transition(panel.status, "remove_member");
  const [row] = await tx
    .select()
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.sub, sub)));
  if (!row) throw new NotFound("This person is not a member of the panel.");
  if (row.role === "lead") throw new Conflict("The lead cannot be removed from their panel.");
  if (!STILL_IN.includes(row.status)) throw new Conflict(`${row.name} is no longer a member of this panel.`);
  const why = reason.trim();
  await tx
    .update(panelMembers)
    .set({ status: "removed", removedAt: new Date(), removedBySub: user.sub, removedByName: user.name, removeReason: why })
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.sub, sub)));
  // A person invited in a draft was never told: they learn nothing of its end either.
  if (row.notifiedAt) await notify(tx, cpmsUrl, [{ sub: row.sub, email: row.email }], removalNotice(panel, user.name, why), user.sub);
  await auditPanel(tx, origin, user, panel, "panel.member_removed", { purpose: "write", memberSub: sub, memberName: row.name, removeReason: why });
  return row.name;
}
