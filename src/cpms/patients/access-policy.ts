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
 * - the panels the user sits on ("panel": next issue, see panelArms);
 * - Researcher and Dispatcher: no record at all (anonymised queries are
 *   another feature).
 * Consent for care withdrawn (or not standing): only the enrolling HCP's
 * HPs and Panel Managers HCP, and the enroller, still see the record —
 * no coordinator, share or panel, in no list.
 *
 * Writing (the record, consents, shares): the enrolling HCP's HPs, and the
 * enroller while they hold HP there (the guest entry: the enroller only).
 *
 * Each rule is one arm `select id, reason from patients where …`; the lists
 * take the union of the arms as a set (visiblePatients), a single patient is
 * looked up in the same arms (requirePatientAccess), so both always agree.
 */
import { eq, type SQL, sql } from "drizzle-orm";
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
  /** Why the user may see it: "own_hcp", "enroller", "ern", "shared", "panel" (for the audit). */
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

type Scope = { ernCode?: string; patientId?: string };

const unique = (values: string[]) => [...new Set(values)];
const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;

function held(user: CpmsUser, profiles: readonly CpmsProfile[], scope: Scope): Membership[] {
  return user.memberships.filter((m) => profiles.includes(m.profile) && (scope.ernCode === undefined || m.ernCode === scope.ernCode));
}

/** Consent for care stands: the condition for any view beyond the enrolling HCP. */
const careConsentStands = sql`${patients.consentCare} and not ${patients.withdrawn}`;

/** The order in which a patient's reasons are named, the most specific first. */
const RANK: Record<AccessReason, number> = { own_hcp: 1, enroller: 2, ern: 3, shared: 4, panel: 5 };

function arm(reason: AccessReason, condition: SQL, scope: Scope): SQL {
  const onePatient = scope.patientId ? sql` and ${patients.id} = ${scope.patientId}` : sql``;
  return sql`select ${patients.id} as id, ${reason}::text as reason, ${RANK[reason]}::int as rank from ${patients} where ${condition}${onePatient}`;
}

/** The patients of the user's own healthcare providers, and those they enrolled at a guest entry. */
function enrollingHcpArms(user: CpmsUser, scope: Scope, profiles: readonly CpmsProfile[]): SQL[] {
  const memberships = held(user, profiles, scope);
  const hospitals = unique(memberships.filter((m) => !m.isGuest).map((m) => m.providerId));
  const anywhere = unique(memberships.map((m) => m.providerId));
  const arms: SQL[] = [];
  if (hospitals.length) arms.push(arm("own_hcp", sql`${patients.providerId}::text = any(${textArray(hospitals)})`, scope));
  // The enroller stays the record's custodian as long as they hold the profile where they enrolled it (guest entries included).
  if (anywhere.length) {
    arms.push(arm("enroller", sql`${patients.enrolledBySub} = ${user.sub} and ${patients.providerId}::text = any(${textArray(anywhere)})`, scope));
  }
  return arms;
}

function ernArm(user: CpmsUser, scope: Scope): SQL[] {
  const erns = unique(held(user, ERN_PROFILES, scope).map((m) => m.ernCode));
  if (erns.length === 0) return [];
  return [arm("ern", sql`${patients.ernCode} = any(${textArray(erns)}) and ${careConsentStands}`, scope)];
}

function sharedArm(user: CpmsUser, scope: Scope): SQL[] {
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
  if (hospitals.length) targets.push(sql`(${patientShares.kind} = 'hcp' and ${patientShares.targetProviderId}::text = any(${textArray(hospitals)}))`);
  if (targets.length === 0) return [];
  const shared = sql`${patients.id} in (select ${patientShares.patientId} from ${patientShares} where ${patientShares.revokedAt} is null and (${sql.join(targets, sql` or `)}))`;
  return [arm("shared", sql`${shared} and ${careConsentStands}`, scope)];
}

/**
 * Panels (next issue): the patients of the panels the user sits on join here
 * as an arm with reason "panel", under careConsentStands like the others.
 */
function panelArms(_user: CpmsUser, _scope: Scope): SQL[] {
  return [];
}

function readArms(user: CpmsUser, scope: Scope): SQL[] {
  return [...enrollingHcpArms(user, scope, HCP_PROFILES), ...ernArm(user, scope), ...sharedArm(user, scope), ...panelArms(user, scope)];
}

function writeArms(user: CpmsUser, scope: Scope): SQL[] {
  return enrollingHcpArms(user, scope, ["HP"]);
}

const union = (arms: SQL[]) => sql.join(arms, sql` union all `);

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
  const arms = readArms(user, { ernCode });
  if (arms.length === 0) return sql`false`;
  return sql`${patients.id} in (select id from (${union(arms)}) as visible)`;
}

/**
 * The same set as visiblePatients, as rows (id, reason) — each patient once,
 * with its most specific reason — for a list to join on; null when the user
 * sees no patient at all.
 */
export function visiblePatientReasons(user: CpmsUser, ernCode?: string): SQL | null {
  const arms = readArms(user, { ernCode });
  if (arms.length === 0) return null;
  return sql`select distinct on (id) id, reason from (${union(arms)}) as arms order by id, rank`;
}

/** Whether the user may see (read) or change (write) the patient, and why: 404 "Not found or no access." otherwise. */
export async function requirePatientAccess(db: Db, user: CpmsUser, patientId: string, purpose: PatientPurpose): Promise<PatientAccess> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(patientId)) throw new NotFound(NOT_FOUND);
  const scope = { patientId };
  const reads = readArms(user, scope);
  if (reads.length === 0) throw new NotFound(NOT_FOUND);
  const writes = writeArms(user, scope);
  const canWrite = writes.length ? sql`exists (select 1 from (${union(writes)}) as w)` : sql`false`;
  const result = (await db.execute(sql`select reason, ${canWrite} as can_write from (${union(reads)}) as r order by rank limit 1`)) as unknown as {
    rows: { reason: AccessReason; can_write: boolean }[];
  };
  const granted = result.rows[0];
  if (!granted || (purpose === "write" && !granted.can_write)) throw new NotFound(NOT_FOUND);
  const [patient] = await db.select({ ernCode: patients.ernCode, enrolledBySub: patients.enrolledBySub }).from(patients).where(eq(patients.id, patientId));
  if (!patient) throw new NotFound(NOT_FOUND);
  return { patientId, ernCode: patient.ernCode, isEnroller: patient.enrolledBySub === user.sub, reason: granted.reason, canWrite: granted.can_write };
}
