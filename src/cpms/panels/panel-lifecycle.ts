/*
 * Starting, changing, deleting and opening a panel, each in the caller's
 * transaction with its audit event:
 * - start: on a patient the user may change, as an HP of the patient's ERN
 *   (they lead it, at the patient's provider when they hold HP there);
 *   consent for care must stand (the patient row is locked, so a
 *   withdrawal and a new panel do not cross);
 * - change (lead or manager, draft or open): the same checks per field;
 *   new shared attachments replace the old ones;
 * - delete: the lead, a draft only;
 * - open: draft → open; the invitations made in the draft go out now
 *   with the inviter's note (urgent panels say so), each person told once
 *   (notifiedAt).
 * The caller locks the panel (requirePanelAccess with `lock`).
 */
import { and, eq, isNull, notInArray } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { BadRequest, Conflict, Forbidden, NotFound } from "../../platform/http/errors.ts";
import { assistanceRequests } from "../assistance/tables.ts";
import { type CpmsUser, membershipsAs } from "../authorizations/memberships.ts";
import { notify } from "../notifications/notify.ts";
import type { PatientAccess } from "../patients/access-policy.ts";
import { lockPatient } from "../patients/record-store.ts";
import { createPanel, sharePanelFiles } from "./create.ts";
import { auditPanel, type PanelAccess, type PanelRow } from "./panel-access.ts";
import { checkDueDate, offeredArea } from "./panel-input.ts";
import { invitationNotice, openedNotice } from "./panel-notices.ts";
import type { NewPanelInput, PanelChangesInput } from "./schemas.ts";
import { transition } from "./state-machine.ts";
import { panelFiles, panelMembers, panels } from "./tables.ts";

const NO_CONSENT = "Consent for care does not stand: the panel cannot go on with this patient's data.";

function requireConsent(access: Pick<PanelAccess, "consentStands">): void {
  if (!access.consentStands) throw new Conflict(NO_CONSENT);
}

export async function startPanel(tx: Db, origin: RequestOrigin, user: CpmsUser, patientAccess: PatientAccess, body: NewPanelInput): Promise<PanelRow> {
  const patient = await lockPatient(tx, patientAccess.patientId);
  if (!patient) throw new NotFound();
  if (!patient.consentCare || patient.withdrawn) throw new Conflict("Consent for care does not stand: no panel can be started on this patient.");
  // A clinician at the guest entry asks the ERN for assistance instead: the ERN assigns a lead.
  const hp = membershipsAs(user, "HP", patient.ernCode).filter((m) => !m.isGuest);
  const held = hp.find((m) => m.providerId === patient.providerId) ?? hp[0];
  if (!held) {
    throw new Forbidden(
      `Only an HP of a healthcare provider of ${patient.ernCode} can lead a panel: ask the ERN for assistance instead, and it assigns a panel lead.`,
    );
  }
  checkDueDate(body.dueDate);
  const area = await offeredArea(tx, patient.ernCode, body.thematicAreaId);
  return createPanel(tx, origin, {
    ernCode: patient.ernCode,
    patientId: patient.id,
    pseudonym: patient.pseudonym,
    title: body.title,
    question: body.question,
    thematicArea: area,
    urgency: body.urgency,
    dueDate: body.dueDate,
    sharedSections: body.sharedSections,
    sharedFileIds: body.sharedFileIds ?? [],
    lead: {
      sub: user.sub,
      name: user.name,
      email: user.email,
      ernCode: patient.ernCode,
      providerId: held.providerId,
      providerLabel: `${held.providerCode} - ${held.providerName}`,
      countryCode: held.countryCode,
    },
    createdBy: { sub: user.sub, name: user.name },
  });
}

export async function changePanel(tx: Db, origin: RequestOrigin, user: CpmsUser, access: PanelAccess, body: PanelChangesInput): Promise<string[]> {
  const { panel } = access;
  transition(panel.status, "edit");
  requireConsent(access);
  if (Object.keys(body).length === 0) throw new BadRequest("Change at least one of the panel's fields.");
  const changes: Partial<typeof panels.$inferInsert> = {};
  if (body.title !== undefined) changes.title = body.title.trim();
  if (body.question !== undefined) changes.question = body.question.trim();
  if (body.urgency !== undefined) changes.urgency = body.urgency;
  if (body.sharedSections !== undefined) changes.sharedSections = body.sharedSections;
  if (body.dueDate !== undefined && body.dueDate !== panel.dueDate) {
    checkDueDate(body.dueDate);
    changes.dueDate = body.dueDate;
  }
  if (body.thematicAreaId !== undefined && body.thematicAreaId.toLowerCase() !== panel.thematicAreaId) {
    const area = await offeredArea(tx, panel.ernCode, body.thematicAreaId);
    changes.thematicAreaId = area.id;
    changes.thematicAreaName = area.name;
  }
  const changed = Object.keys(changes);
  if (body.sharedFileIds !== undefined) {
    const keep = [...new Set(body.sharedFileIds.map((id) => id.toLowerCase()))];
    const gone = and(eq(panelFiles.panelId, panel.id), eq(panelFiles.source, "record"), keep.length ? notInArray(panelFiles.fileId, keep) : undefined);
    await tx.delete(panelFiles).where(gone);
    await sharePanelFiles(tx, panel, keep, user.sub);
    changed.push("sharedFileIds");
  }
  await tx
    .update(panels)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(panels.id, panel.id));
  await auditPanel(tx, origin, user, panel, "panel.updated", { purpose: "write", fields: changed });
  return changed;
}

export async function deletePanel(tx: Db, origin: RequestOrigin, user: CpmsUser, access: PanelAccess): Promise<void> {
  const { panel } = access;
  transition(panel.status, "delete");
  await tx.delete(panels).where(eq(panels.id, panel.id));
  // A draft started from a request for assistance: the request waits in the ERN's queue again, for another lead.
  if (panel.requestId) {
    await tx
      .update(assistanceRequests)
      .set({ status: "submitted", panelId: null, assignedLeadSub: null, assignedLeadName: null, decidedAt: null, decidedBySub: null, decidedByName: null })
      .where(and(eq(assistanceRequests.id, panel.requestId), eq(assistanceRequests.panelId, panel.id)));
  }
  await auditPanel(tx, origin, user, panel, "panel.deleted", { purpose: "write", reference: panel.reference, title: panel.title, requestId: panel.requestId });
}

/** Opens the panel and sends the invitations made in the draft; returns how many people were told. */
export async function openPanel(tx: Db, origin: RequestOrigin, cpmsUrl: string, user: CpmsUser, access: PanelAccess): Promise<number> {
  const { panel } = access;
  const status = transition(panel.status, "open");
  requireConsent(access);
  const now = new Date();
  await tx.update(panels).set({ status, openedAt: now, updatedAt: now }).where(eq(panels.id, panel.id));
  const waiting = await tx
    .update(panelMembers)
    .set({ notifiedAt: now })
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.status, "invited"), isNull(panelMembers.notifiedAt)))
    .returning({ sub: panelMembers.sub, email: panelMembers.email, invitedByName: panelMembers.invitedByName, note: panelMembers.inviteNote });
  for (const invitee of waiting) await notify(tx, cpmsUrl, [invitee], invitationNotice(panel, invitee.invitedByName, invitee.note ?? undefined), user.sub);
  const members = await tx
    .select({ sub: panelMembers.sub, email: panelMembers.email })
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panel.id), eq(panelMembers.status, "accepted"), eq(panelMembers.role, "member")));
  await notify(tx, cpmsUrl, members, openedNotice(panel, user.name), user.sub);
  await auditPanel(tx, origin, user, panel, "panel.opened", { purpose: "write", invitationsSent: waiting.length });
  return waiting.length;
}
