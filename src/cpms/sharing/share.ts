/*
 * Sharing a patient (POST /api/patients/:id/shares), in one transaction:
 * - only a user who may change the record shares it (access policy, 404
 *   otherwise); the patient row is locked, so a withdrawal of consent and a
 *   share do not cross: a record whose consent for care does not stand is
 *   not shared;
 * - a member must hold an HP, coordinator or panel manager profile in the
 *   ERN named; a provider must be a healthcare provider (not the guest
 *   entry) of that ERN, and not the enrolling one; nobody shares with
 *   themselves;
 * - one open share per target (409, backed by a unique index);
 * - audited ("patient.shared"), and the member — or the provider's HPs —
 *   told by e-mail through the outbox, with the pseudonym only.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, InvalidField, NotFound } from "../../platform/http/errors.ts";
import { enqueue } from "../../platform/mail/outbox.ts";
import { auditActor } from "../authorizations/audit-actor.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { members, memberships } from "../authorizations/tables.ts";
import type { PatientAccess } from "../patients/access-policy.ts";
import { patients } from "../patients/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import type { NewShare } from "./schemas.ts";
import { patientShares } from "./tables.ts";
import { shareView } from "./views.ts";

const CLINICAL_PROFILES = ["HP", "Panel Manager HCP", "Coordinator", "Panel Manager ERN"];
const MAX_NOTIFIED = 50;

export function isUniqueViolation(error: unknown): boolean {
  for (let cause = error as { code?: string; cause?: unknown } | undefined; cause; cause = cause.cause as typeof cause) {
    if (cause.code === "23505") return true;
  }
  return false;
}

/** The patient row, locked for the change; 404 when it is gone. */
export async function lockPatientForSharing(tx: Db, patientId: string) {
  const [patient] = await tx
    .select({
      id: patients.id,
      pseudonym: patients.pseudonym,
      providerId: patients.providerId,
      consentCare: patients.consentCare,
      withdrawn: patients.withdrawn,
    })
    .from(patients)
    .where(eq(patients.id, patientId))
    .for("update");
  if (!patient) throw new NotFound();
  return patient;
}

type Target = { targetSub: string | null; targetProviderId: string | null; targetName: string; notify: string[] };

async function memberTarget(tx: Db, user: CpmsUser, sub: string, ernCode: string): Promise<Target> {
  if (sub === user.sub) throw new InvalidField("with", "You already see this patient: choose someone else.");
  const [member] = await tx
    .select({ name: members.name, email: members.email })
    .from(members)
    .where(
      and(
        eq(members.sub, sub),
        sql`exists (select 1 from ${memberships} where ${memberships.sub} = ${members.sub} and ${memberships.ernCode} = ${ernCode} and ${inArray(memberships.profile, CLINICAL_PROFILES)})`,
      ),
    );
  if (!member)
    throw new InvalidField("with", `This person holds no HP, coordinator or panel manager profile in ${ernCode}: choose a member from the directory.`);
  return { targetSub: sub, targetProviderId: null, targetName: member.name, notify: member.email ? [member.email] : [] };
}

async function providerTarget(tx: Db, providerId: string, ernCode: string, enrollingProviderId: string): Promise<Target> {
  if (providerId === enrollingProviderId) throw new InvalidField("with", "This healthcare provider enrolled the patient: its HPs already see it.");
  const [provider] = await tx
    .select({ name: memberships.providerName, code: memberships.providerCode })
    .from(memberships)
    .where(and(eq(memberships.providerId, providerId), eq(memberships.ernCode, ernCode), eq(memberships.isGuest, false)))
    .limit(1);
  if (!provider) throw new InvalidField("with", `This is not a healthcare provider of ${ernCode} in CPMS: choose one from the directory.`);
  const hps = await tx
    .selectDistinct({ email: members.email })
    .from(memberships)
    .innerJoin(members, eq(members.sub, memberships.sub))
    .where(and(eq(memberships.providerId, providerId), eq(memberships.profile, "HP"), sql`${members.email} is not null`))
    .limit(MAX_NOTIFIED);
  return {
    targetSub: null,
    targetProviderId: providerId,
    targetName: `${provider.code} - ${provider.name}`,
    notify: hps.map((row) => row.email as string),
  };
}

export async function sharePatient(tx: Db, origin: RequestOrigin, cpmsUrl: string, user: CpmsUser, access: PatientAccess, body: NewShare) {
  const patient = await lockPatientForSharing(tx, access.patientId);
  if (!patient.consentCare || patient.withdrawn) throw new Conflict("Consent for care does not stand: this record cannot be shared.");
  const target =
    body.with.kind === "user"
      ? await memberTarget(tx, user, body.with.sub, body.ernCode)
      : await providerTarget(tx, body.with.providerId, body.ernCode, patient.providerId);
  const reason = body.reason.trim();
  const alreadyShared = new Conflict(`${patient.pseudonym} is already shared with ${target.targetName} — revoke that share first to change it.`);
  const [open] = await tx
    .select({ id: patientShares.id })
    .from(patientShares)
    .where(
      and(
        eq(patientShares.patientId, patient.id),
        sql`${patientShares.revokedAt} is null`,
        target.targetSub ? eq(patientShares.targetSub, target.targetSub) : eq(patientShares.targetProviderId, target.targetProviderId as string),
      ),
    );
  if (open) throw alreadyShared;
  const [share] = await tx
    .insert(patientShares)
    .values({
      patientId: patient.id,
      kind: body.with.kind,
      targetSub: target.targetSub,
      targetProviderId: target.targetProviderId,
      ernCode: body.ernCode,
      targetName: target.targetName,
      reason,
      sharedBySub: user.sub,
      sharedByName: user.name,
    })
    .returning()
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? alreadyShared : error;
    });
  const actor = auditActor(user.sub);
  await audit(tx, auditEvents, origin, {
    type: "patient.shared",
    actorId: actor.actorId,
    subjectId: patient.id,
    details: {
      actorName: user.name,
      ...actor.details,
      reason: access.reason,
      purpose: "write",
      shareId: share.id,
      with: body.with,
      targetName: target.targetName,
      ernCode: body.ernCode,
      shareReason: reason,
    },
  });
  for (const to of target.notify) {
    await enqueue(tx, outbox, {
      channel: "mail",
      to,
      subject: `CPMS: patient ${patient.pseudonym} shared with you`,
      text: [
        "Hello,",
        "",
        `${user.name} shared patient ${patient.pseudonym} with ${body.with.kind === "user" ? "you" : target.targetName} in ${body.ernCode}.`,
        `Reason: ${reason}`,
        "",
        `Log in to CPMS to see the patient: ${cpmsUrl}/patients/${patient.id}`,
        "",
        "This message names no patient: their record is only in CPMS.",
      ].join("\n"),
    });
  }
  return shareView(share);
}
