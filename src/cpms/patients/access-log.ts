/*
 * A patient's access log: who read, listed, changed or shared the patient,
 * when, and why (the access policy's reason), read from cpms's audit log
 * (subject = the patient), newest first. Only the record's custodians see
 * it — the enroller and the enrolling HCP's HPs (those who may change the
 * record); reading it is itself audited.
 */
import { count, desc, eq } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Forbidden } from "../../platform/http/errors.ts";
import { auditActor } from "../authorizations/audit-actor.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { auditEvents } from "../pg-schema.ts";
import type { PatientAccess } from "./access-policy.ts";

export type AccessLogEntry = {
  at: string;
  /** The audit event's type: "patient.read", "patient.listed", "patient.shared", … */
  type: string;
  /** In words, for the page. */
  action: string;
  actorName: string;
  /** The access policy's reason: "own_hcp", "enroller", "ern", "shared", "panel" (null for events without one). */
  reason: string | null;
};

export type AccessLog = { entries: AccessLogEntry[]; total: number; page: number; perPage: number };

const ACTIONS: Record<string, string> = {
  "patient.enrolled": "Enrolled the patient",
  "patient.read": "Opened the record",
  "patient.listed": "Saw the patient in a list",
  "patient.record_updated": "Changed the record",
  "patient.history_read": "Read the record's history",
  "patient.version_read": "Read an earlier version",
  "patient.consent_recorded": "Recorded a consent",
  "patient.consent_withdrawn": "Recorded a withdrawal of consent",
  "patient.shared": "Shared the patient",
  "patient.shares_read": "Read the patient's shares",
  "patient.share_revoked": "Revoked a share",
  "patient.access_log_read": "Read this access log",
  "patient.panels_read": "Saw the patient's panels",
  "patient.panel_outcomes_read": "Read the panels' signed outcomes",
  "patient.assistance_requested": "Asked the ERN for assistance",
  "assistance.read": "Read the request for assistance",
  "assistance.listed": "Saw the request for assistance in the ERN's queue",
  "assistance.assigned": "Assigned a panel lead to the request for assistance",
  "assistance.declined": "Declined the request for assistance",
  "assistance.withdrawn": "Withdrew the request for assistance",
  "panel.created": "Created a panel",
  "panel.read": "Opened a panel on the patient",
  "panel.updated": "Changed a panel",
  "panel.deleted": "Deleted a draft panel",
  "panel.opened": "Opened a panel to its members",
  "panel.member_invited": "Invited a panel member",
  "panel.invitation_accepted": "Joined a panel",
  "panel.invitation_declined": "Declined a panel invitation",
  "panel.member_removed": "Removed a panel member",
  "panel.contribution_saved": "Saved a panel contribution",
  "panel.contribution_submitted": "Submitted a panel contribution",
  "panel.message_posted": "Wrote in a panel's discussion",
  "panel.reminded": "Reminded panel members",
  "panel.outcome_drafted": "Drafted a panel outcome",
  "panel.outcome_saved": "Wrote a panel outcome",
  "panel.agreement_requested": "Asked the panel to agree with the outcome",
  "panel.outcome_agreement": "Answered on a panel outcome",
  "panel.back_to_contributions": "Took a panel back to contributions",
  "panel.outcome_signed": "Signed a panel outcome",
  "panel.closed": "Closed a panel",
  "panel.reopened": "Reopened a panel",
  "panel.outcome_downloaded": "Downloaded a panel outcome",
  "panel.file_downloaded": "Downloaded a panel file",
};

export const NOT_A_CUSTODIAN = "Only the enroller and the HPs of the enrolling healthcare provider see who accessed this patient.";

export function actionOf(type: string): string {
  if (ACTIONS[type]) return ACTIONS[type];
  if (type.startsWith("patient.attachment")) return "Used an attachment";
  if (type.startsWith("panel.")) return "Worked in a panel";
  return type.replace(/^patient\./, "").replaceAll("_", " ");
}

export async function readAccessLog(
  tx: Db,
  origin: RequestOrigin,
  user: CpmsUser,
  access: PatientAccess,
  paging: { page: number; perPage: number },
): Promise<AccessLog> {
  if (!access.isEnroller && !access.canWrite) throw new Forbidden(NOT_A_CUSTODIAN);
  const actor = auditActor(user.sub);
  await audit(tx, auditEvents, origin, {
    type: "patient.access_log_read",
    actorId: actor.actorId,
    subjectId: access.patientId,
    details: { actorName: user.name, ...actor.details, reason: access.reason, purpose: "read" },
  });
  const ofPatient = eq(auditEvents.subjectId, access.patientId);
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({ at: auditEvents.at, type: auditEvents.type, details: auditEvents.details })
      .from(auditEvents)
      .where(ofPatient)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(paging.perPage)
      .offset((paging.page - 1) * paging.perPage),
    tx.select({ total: count() }).from(auditEvents).where(ofPatient),
  ]);
  return {
    entries: rows.map((row) => ({
      at: row.at.toISOString(),
      type: row.type,
      action: actionOf(row.type),
      actorName: typeof row.details.actorName === "string" ? row.details.actorName : "Unknown user",
      reason: typeof row.details.reason === "string" ? row.details.reason : null,
    })),
    total,
    page: paging.page,
    perPage: paging.perPage,
  };
}
