/*
 * Asking the ERN for help (POST /api/patients/:id/assistance-requests), in
 * the route's transaction, after requirePatientAccess "write" (an HP of the
 * enrolling hospital, or the guest clinician who enrolled the patient at
 * the ERN's "0000 Guest Access" entry):
 * - the patient row is locked, so a withdrawal of consent and a request do
 *   not cross: consent for care must stand (409);
 * - one waiting (submitted) request per patient (409, naming it; a
 *   partial unique index stands behind the check);
 * - the thematic area is one the patient's ERN offers, the due date today
 *   or later, the attachments the patient's own (400 on the field);
 * - the ERN's Coordinators and Dispatchers are told (urgent requests
 *   stand out), and the request is audited on the patient.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, InvalidField, NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { files } from "../files/tables.ts";
import { notify } from "../notifications/notify.ts";
import { issuePanelReference } from "../panels/create.ts";
import type { PatientAccess } from "../patients/access-policy.ts";
import { auditPatient, lockPatient } from "../patients/record-store.ts";
import { thematicAreas } from "../preferences/tables.ts";
import { isUniqueViolation } from "../sharing/share.ts";
import { handlersOf, type RequestRow } from "./requests.ts";
import type { NewRequest } from "./schemas.ts";
import { assistanceRequests } from "./tables.ts";

/** A real calendar day, today or later. */
export function checkDueDate(field: string, day: string, now: Date): void {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new InvalidField(field, `${day} is not a date: enter the date you need the answer by as YYYY-MM-DD.`);
  }
  if (day < now.toISOString().slice(0, 10)) throw new InvalidField(field, "The date you need the answer by cannot be in the past.");
}

export async function submitRequest(
  tx: Db,
  origin: RequestOrigin,
  cpmsUrl: string,
  user: CpmsUser,
  access: PatientAccess,
  body: NewRequest,
  now = new Date(),
): Promise<RequestRow> {
  const patient = await lockPatient(tx, access.patientId);
  if (!patient) throw new NotFound();
  // Who asks, as: the HP membership that lets the user change this record.
  const as = user.memberships.find((m) => m.profile === "HP" && m.ernCode === patient.ernCode && m.providerId === patient.providerId);
  if (!as) throw new NotFound();
  if (!patient.consentCare || patient.withdrawn) {
    throw new Conflict(`Consent for care does not stand for ${patient.pseudonym}: the ERN cannot be asked about this patient.`);
  }
  const [waiting] = await tx
    .select({ reference: assistanceRequests.reference })
    .from(assistanceRequests)
    .where(and(eq(assistanceRequests.patientId, patient.id), eq(assistanceRequests.status, "submitted")));
  const alreadyWaiting = (reference: string) =>
    new Conflict(`${patient.pseudonym} already has a request waiting for the ERN (${reference}): withdraw it first to ask again.`);
  if (waiting) throw alreadyWaiting(waiting.reference);

  const [area] = await tx
    .select({ id: thematicAreas.id, name: thematicAreas.name })
    .from(thematicAreas)
    .where(and(eq(thematicAreas.id, body.thematicAreaId), eq(thematicAreas.ernCode, patient.ernCode), isNull(thematicAreas.retiredAt)));
  if (!area) throw new InvalidField("thematicAreaId", `Choose one of the thematic areas ${patient.ernCode} offers.`);
  checkDueDate("dueDate", body.dueDate, now);
  const fileIds = [...new Set(body.sharedFileIds.map((id) => id.toLowerCase()))];
  if (fileIds.length) {
    const found = await tx
      .select({ id: files.id })
      .from(files)
      .where(and(inArray(files.id, fileIds), eq(files.patientId, patient.id), inArray(files.kind, ["attachment", "consent_form"]), isNull(files.deletedAt)));
    if (found.length !== fileIds.length) {
      throw new InvalidField("sharedFileIds", "Only the patient's own attachments can be shared with the panel: choose them from the list.");
    }
  }

  let reference = issuePanelReference(patient.ernCode, "R");
  while ((await tx.select({ id: assistanceRequests.id }).from(assistanceRequests).where(eq(assistanceRequests.reference, reference))).length) {
    reference = issuePanelReference(patient.ernCode, "R");
  }
  const [row] = await tx
    .insert(assistanceRequests)
    .values({
      reference,
      ernCode: patient.ernCode,
      patientId: patient.id,
      pseudonym: patient.pseudonym,
      requesterSub: user.sub,
      requesterName: user.name,
      requesterEmail: user.email ?? null,
      requesterProviderId: as.providerId,
      requesterProviderLabel: `${as.providerCode} - ${as.providerName}`,
      requesterIsGuest: as.isGuest,
      question: body.question.trim(),
      thematicAreaId: area.id,
      thematicAreaName: area.name,
      urgency: body.urgency,
      dueDate: body.dueDate,
      sharedSections: [...new Set(body.sharedSections)],
      sharedFileIds: fileIds,
      createdAt: now,
    })
    .returning()
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? alreadyWaiting("sent a moment ago") : error;
    });

  await auditPatient(tx, origin, user, patient.id, "patient.assistance_requested", {
    reason: access.reason,
    purpose: "write",
    requestId: row.id,
    reference,
    thematicArea: area.name,
    urgency: row.urgency,
    sharedSections: row.sharedSections,
    sharedFileIds: fileIds,
  });
  const from = as.isGuest ? `${user.name}, a clinician outside the ERN,` : `${user.name} (${as.providerCode} - ${as.providerName})`;
  await notify(
    tx,
    cpmsUrl,
    await handlersOf(tx, patient.ernCode),
    {
      kind: "assistance.requested",
      title: `Request for assistance ${reference}${row.urgency === "urgent" ? " (urgent)" : ""}`,
      body: `${from} asks ${patient.ernCode} for help with patient ${patient.pseudonym}. Answer wished by ${row.dueDate}. Assign a panel lead or decline the request.`,
      detail: `Thematic area: ${area.name}`,
      link: `/assistance/${row.id}`,
      urgent: row.urgency === "urgent",
    },
    user.sub,
  );
  return row;
}
