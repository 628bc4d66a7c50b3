/*
 * Who may see and change a patient's record — the one place that decides,
 * for every route (patients, lists, attachments, sharing, panels). Default
 * deny; a refusal is "Not found or no access", never revealing that the
 * patient exists.
 *
 * Reading, per membership the user holds (each in one ERN):
 * - HP or Panel Manager HCP at a healthcare provider: the patients that
 *   provider enrolled ("own_hcp"); at the "0000 Guest Access" entry, which
 *   is no hospital, only those the user enrolled there ("enroller");
 * - Coordinator or Panel Manager ERN: the ERN's patients ("ern");
 * - a share with the user in an ERN where they hold a clinical profile, or
 *   with their healthcare provider ("shared"); shares are read-only;
 * - panels give no view of the record: a panel member sees the patient
 *   through the panel only — the sections and attachments the panel shares,
 *   while a member (panels/panel-access.ts), which is what data
 *   minimisation asks of a consultation across Europe;
 * - Researcher and Dispatcher: no record at all (anonymised queries are
 *   another feature).
 * Consent for care withdrawn (or not standing): only the enrolling HCP's
 * HPs and Panel Managers HCP, and the enroller, still see the record —
 * no coordinator, share or panel, in no list.
 *
 * Writing (the record, consents, shares): the enrolling HCP's HPs, and the
 * enroller while they hold HP there (the guest entry: the enroller only).
 *
 * Each rule is one arm: a condition on a patients row and its reason. The
 * lists filter on the arms' disjunction (visiblePatients: each arm can use an
 * index), a single patient is checked against the same arms
 * (requirePatientAccess), so both always agree.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { CpmsProfile, CpmsUser, Membership } from "../authorizations/memberships.ts";
import { patientShares } from "../sharing/tables.ts";
import { patients } from "./tables.ts";

export type PatientPurpose = "read" | "write";

export type PatientAccess = {
  patientId: string;
  ernCode: string;
  /** The user enrolled the patient (sees the local hospital number, the access log). */
  isEnroller: boolean;
  /** Why the user may see it: "own_hcp", "enroller", "ern", "shared" (for the audit; panel routes write "panel"). */
  reason: string;
  /** The user may change the record, its consents and its shares. */
  canWrite: boolean;
};

export type AccessReason = "own_hcp" | "enroller" | "ern" | "shared" | "panel";

const HCP_PROFILES: readonly CpmsProfile[] = ["HP", "Panel Manager HCP"];
const ERN_PROFILES: readonly CpmsProfile[] = ["Coordinator", "Panel Manager ERN"];
/** Profiles that may receive a share in an ERN (not Researcher, not Dispatcher). */
const CLINICAL_PROFILES: readonly CpmsProfile[] = [...HCP_PROFILES, ...ERN_PROFILES];

const NOT_FOUND = "Not found or no access.";

type Scope = { ernCode?: string };

const unique = (values: string[]) => [...new Set(values)];
const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Provider ids as uuid[], so the comparison uses the indexes on uuid columns (access's ids are UUIDs; anything else matches nothing). */
const uuidArray = (values: string[]) =>
  sql`array[${sql.join(
    values.filter((value) => UUID.test(value)).map((value) => sql`${value}`),
    sql`, `,
  )}]::uuid[]`;

function held(user: CpmsUser, profiles: readonly CpmsProfile[], scope: Scope): Membership[] {
  return user.memberships.filter((m) => profiles.includes(m.profile) && (scope.ernCode === undefined || m.ernCode === scope.ernCode));
}

/** Consent for care stands: the condition for any view beyond the enrolling HCP. */
const careConsentStands = sql`${patients.consentCare} and not ${patients.withdrawn}`;

/** A rule: a condition on a `patients` row, and the reason it gives. Arms are listed most specific first. */
type Arm = { reason: AccessReason; condition: SQL };

/** The patients of the user's own healthcare providers, and those they enrolled (at a guest entry too). */
function enrollingHcpArms(user: CpmsUser, scope: Scope, profiles: readonly CpmsProfile[]): Arm[] {
  const memberships = held(user, profiles, scope);
  const hospitals = unique(memberships.filter((m) => !m.isGuest).map((m) => m.providerId));
  const anywhere = unique(memberships.map((m) => m.providerId));
  const arms: Arm[] = [];
  if (hospitals.length) arms.push({ reason: "own_hcp", condition: sql`${patients.providerId} = any(${uuidArray(hospitals)})` });
  // The enroller stays the record's custodian as long as they hold the profile where they enrolled it.
  if (anywhere.length) {
    arms.push({ reason: "enroller", condition: sql`(${patients.enrolledBySub} = ${user.sub} and ${patients.providerId} = any(${uuidArray(anywhere)}))` });
  }
  return arms;
}

function ernArm(user: CpmsUser, scope: Scope): Arm[] {
  const erns = unique(held(user, ERN_PROFILES, scope).map((m) => m.ernCode));
  if (erns.length === 0) return [];
  return [{ reason: "ern", condition: sql`(${patients.ernCode} = any(${textArray(erns)}) and ${careConsentStands})` }];
}

function sharedArm(user: CpmsUser, scope: Scope): Arm[] {
  const shareErns = unique(held(user, CLINICAL_PROFILES, scope).map((m) => m.ernCode));
  const hospitals = unique(
    held(user, HCP_PROFILES, scope)
      .filter((m) => !m.isGuest)
      .map((m) => m.providerId),
  );
  const targets: SQL[] = [];
  if (shareErns.length) {
    targets.push(
      sql`(${patientShares.kind} = 'user' and ${patientShares.targetSub} = ${user.sub} and ${patientShares.ernCode} = any(${textArray(shareErns)}))`,
    );
  }
  if (hospitals.length) targets.push(sql`(${patientShares.kind} = 'hcp' and ${patientShares.targetProviderId} = any(${uuidArray(hospitals)}))`);
  if (targets.length === 0) return [];
  // = any(array(…)): the open shares are read once, and the patients' primary key serves the lookup.
  const shared = sql`${patients.id} = any(array(select ${patientShares.patientId} from ${patientShares} where ${patientShares.revokedAt} is null and (${sql.join(targets, sql` or `)})))`;
  return [{ reason: "shared", condition: sql`(${shared} and ${careConsentStands})` }];
}

function readArms(user: CpmsUser, scope: Scope): Arm[] {
  return [...enrollingHcpArms(user, scope, HCP_PROFILES), ...ernArm(user, scope), ...sharedArm(user, scope)];
}

function writeArms(user: CpmsUser, scope: Scope): Arm[] {
  return enrollingHcpArms(user, scope, ["HP"]);
}

const anyOf = (arms: Arm[]) =>
  arms.length
    ? sql`(${sql.join(
        arms.map((a) => a.condition),
        sql` or `,
      )})`
    : sql`false`;
/** The first arm that holds names the reason. */
const reasonOf = (arms: Arm[]) =>
  sql`case ${sql.join(
    arms.map((a) => sql`when ${a.condition} then ${a.reason}::text`),
    sql` `,
  )} end`;

/** The user may hold a view of patients at all (in `ernCode`, or anywhere): false for Researchers and Dispatchers only. */
export function seesPatients(user: CpmsUser, ernCode?: string): boolean {
  return held(user, CLINICAL_PROFILES, { ernCode }).length > 0;
}

/**
 * The patients the user may read, as a condition on `patients` for the
 * lists: in the view of one ERN when `ernCode` is given (its memberships,
 * the shares into it), else in all of the user's ERNs.
 */
export function visiblePatients(user: CpmsUser, ernCode?: string): SQL {
  return anyOf(readArms(user, { ernCode }));
}

/** Why the user sees each of `patientIds` (those they see), for the rows of a list page. */
export async function reasonsFor(db: Db, user: CpmsUser, patientIds: string[], ernCode?: string): Promise<Map<string, AccessReason>> {
  const ids = patientIds.filter((id) => UUID.test(id));
  const arms = readArms(user, { ernCode });
  if (ids.length === 0 || arms.length === 0) return new Map();
  const rows = await db
    .select({ id: patients.id, reason: sql<AccessReason>`${reasonOf(arms)}` })
    .from(patients)
    .where(sql`${patients.id} = any(${uuidArray(ids)}) and ${anyOf(arms)}`);
  return new Map(rows.map((row) => [row.id, row.reason]));
}

/** Whether the user may see (read) or change (write) the patient, and why: 404 "Not found or no access." otherwise. */
export async function requirePatientAccess(db: Db, user: CpmsUser, patientId: string, purpose: PatientPurpose): Promise<PatientAccess> {
  if (!UUID.test(patientId)) throw new NotFound(NOT_FOUND);
  const reads = readArms(user, {});
  if (reads.length === 0) throw new NotFound(NOT_FOUND);
  const [granted] = await db
    .select({
      ernCode: patients.ernCode,
      enrolledBySub: patients.enrolledBySub,
      reason: sql<AccessReason>`${reasonOf(reads)}`,
      canWrite: sql<boolean>`${anyOf(writeArms(user, {}))}`,
    })
    .from(patients)
    .where(sql`${patients.id} = ${patientId} and ${anyOf(reads)}`);
  if (!granted || (purpose === "write" && !granted.canWrite)) throw new NotFound(NOT_FOUND);
  return { patientId, ernCode: granted.ernCode, isEnroller: granted.enrolledBySub === user.sub, reason: granted.reason, canWrite: granted.canWrite };
}
