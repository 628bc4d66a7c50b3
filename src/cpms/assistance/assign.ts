/*
 * Assigning a panel lead (POST /api/assistance-requests/:id/assign): the
 * request becomes a panel, in the route's transaction.
 * - only a Coordinator or Dispatcher of the request's ERN (the requester
 *   is told so; anyone else gets 404 from requireRequest);
 * - the request row is locked and must still be waiting (409 otherwise);
 *   the unique index on panels.request_id stands behind it: one panel per
 *   request;
 * - the patient's consent for care must still stand (409);
 * - the lead is an HP of the ERN at a hospital (400 on "leadSub");
 * - the panel is a draft with the request's question, area, urgency, due
 *   date and shared data (attachments deleted since are left out); the
 *   lead opens it after inviting; the requester is a member from the start;
 * - the lead and the requester are told, and the assignment is audited on
 *   the patient.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, Forbidden } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { memberships } from "../authorizations/tables.ts";
import { files } from "../files/tables.ts";
import { notify } from "../notifications/notify.ts";
import { createPanel, type PanelPerson } from "../panels/create.ts";
import { auditPatient } from "../patients/record-store.ts";
import { patients } from "../patients/tables.ts";
import { isUniqueViolation } from "../sharing/share.ts";
import { leadOf } from "./leads.ts";
import { type RequestRow, requireRequest } from "./requests.ts";
import type { Assignment } from "./schemas.ts";
import { assistanceRequests } from "./tables.ts";

export const ONLY_HANDLERS = "Only the ERN's Coordinators and Dispatchers decide on a request for assistance.";

/** The request, locked, for a handler's decision while it waits: 403 for its requester, 409 once decided. */
export async function requireWaitingForHandler(tx: Db, user: CpmsUser, id: string): Promise<RequestRow> {
  const { row, isHandler } = await requireRequest(tx, user, id, { lock: true });
  if (!isHandler) throw new Forbidden(ONLY_HANDLERS);
  if (row.status !== "submitted") throw new Conflict(`Request ${row.reference} is already ${decidedWord(row)}: it cannot be decided again.`);
  return row;
}

export function decidedWord(row: Pick<RequestRow, "status" | "assignedLeadName" | "decidedByName">): string {
  if (row.status === "assigned") return `assigned to ${row.assignedLeadName}`;
  if (row.status === "declined") return `declined by ${row.decidedByName}`;
  if (row.status === "withdrawn") return "withdrawn by the clinician who asked";
  return "waiting";
}

/** The title of the panel: the question's first line, at most 200 characters. */
export function titleOf(question: string): string {
  const line = question.trim().split(/\r?\n/)[0].trim();
  return line.length <= 200 ? line : `${line.slice(0, 199).trimEnd()}…`;
}

async function requesterOf(tx: Db, row: RequestRow): Promise<PanelPerson> {
  const [held] = await tx
    .select({ countryCode: memberships.countryCode })
    .from(memberships)
    .where(and(eq(memberships.sub, row.requesterSub), eq(memberships.ernCode, row.ernCode), eq(memberships.providerId, row.requesterProviderId)))
    .limit(1);
  return {
    sub: row.requesterSub,
    name: row.requesterName,
    email: row.requesterEmail,
    ernCode: row.ernCode,
    providerId: row.requesterProviderId,
    providerLabel: row.requesterProviderLabel,
    countryCode: held?.countryCode ?? "",
  };
}

export async function assignRequest(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  id: string,
  body: Assignment,
  now = new Date(),
): Promise<{ request: RequestRow; panelId: string }> {
  const row = await requireWaitingForHandler(tx, user, id);
  const [patient] = await tx
    .select({ consentCare: patients.consentCare, withdrawn: patients.withdrawn })
    .from(patients)
    .where(eq(patients.id, row.patientId))
    .for("update");
  if (!patient?.consentCare || patient.withdrawn) {
    throw new Conflict(`Consent for care no longer stands for ${row.pseudonym}: decline the request instead.`);
  }
  const lead = await leadOf(tx, row.ernCode, body.leadSub);
  const today = now.toISOString().slice(0, 10);
  const isPastDue = row.dueDate < today;
  const stillThere = row.sharedFileIds.length
    ? await tx
        .select({ id: files.id })
        .from(files)
        .where(and(inArray(files.id, row.sharedFileIds), eq(files.patientId, row.patientId), isNull(files.deletedAt)))
    : [];
  const panel = await createPanel(tx, origin, {
    ernCode: row.ernCode,
    patientId: row.patientId,
    pseudonym: row.pseudonym,
    title: titleOf(row.question),
    question: row.question,
    thematicArea: row.thematicAreaId ? { id: row.thematicAreaId, name: row.thematicAreaName } : null,
    urgency: row.urgency,
    // A due date passed while the request waited becomes today: the lead sets a new one.
    dueDate: isPastDue ? today : row.dueDate,
    sharedSections: row.sharedSections,
    sharedFileIds: stillThere.map((file) => file.id),
    lead,
    createdBy: { sub: user.sub, name: user.name },
    requestId: row.id,
    members: [await requesterOf(tx, row)],
  }).catch((error: unknown) => {
    throw isUniqueViolation(error) ? new Conflict(`Request ${row.reference} already has its panel.`) : error;
  });
  const [request] = await tx
    .update(assistanceRequests)
    .set({
      status: "assigned",
      decidedAt: now,
      decidedBySub: user.sub,
      decidedByName: user.name,
      assignedLeadSub: lead.sub,
      assignedLeadName: lead.name,
      panelId: panel.id,
    })
    .where(eq(assistanceRequests.id, row.id))
    .returning();

  const note = body.note?.trim();
  await auditPatient(tx, origin, user, row.patientId, "assistance.assigned", {
    purpose: "write",
    requestId: row.id,
    reference: row.reference,
    panelId: panel.id,
    panelReference: panel.reference,
    leadSub: lead.sub,
    leadName: lead.name,
    ...(note ? { note } : {}),
  });
  await notify(
    tx,
    cpmsUrl,
    [{ sub: lead.sub, email: lead.email }],
    {
      kind: "assistance.assigned",
      title: `You lead panel ${panel.reference}`,
      body: `${user.name} asks you to lead the panel started from request ${row.reference} (patient ${row.pseudonym}), answer wished by ${panel.dueDate}. Invite the experts, then open the panel.`,
      detail: [row.thematicAreaName ? `Thematic area: ${row.thematicAreaName}` : "", note ? `Note: ${note}` : ""].filter(Boolean).join("\n"),
      link: `/panels/${panel.id}`,
      urgent: row.urgency === "urgent",
    },
    user.sub,
  );
  await notify(
    tx,
    cpmsUrl,
    [{ sub: row.requesterSub, email: row.requesterEmail }],
    {
      kind: "assistance.assigned",
      title: `Your request ${row.reference} has a panel lead`,
      body: `${row.ernCode} assigned ${lead.name} (${lead.providerLabel}) to lead a panel on patient ${row.pseudonym}. You are a member of the panel: it is under My panels, and the discussion starts when the lead opens it.`,
      link: `/panels/${panel.id}`,
    },
    user.sub,
  );
  return { request, panelId: panel.id };
}
