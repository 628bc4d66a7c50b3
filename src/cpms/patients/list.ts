/*
 * The patient list: the patients the access policy lets the user read
 * (visiblePatientReasons, in one ERN's view or all of theirs), newest
 * enrolment first, a page at a time, with:
 * - q: part of a pseudonym (case-insensitive);
 * - diagnosis: an ORPHAcode or an ICD-10 code among the current diagnoses;
 * - phenotype: HPO terms, all of them recorded as present;
 * - hcp: the enrolling healthcare provider; from/to: enrolment days, inclusive.
 * Every call is audited in the same transaction: one "patients.listed" event
 * with the filters and what it showed, and one "patient.listed" per patient
 * shown (subject = the patient, with the policy's reason), so each patient's
 * access log names everyone who saw it in a list.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Forbidden, InvalidField } from "../../platform/http/errors.ts";
import { auditActor } from "../authorizations/audit-actor.ts";
import { providersOf } from "../authorizations/directory.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { auditEvents } from "../pg-schema.ts";
import { reasonsFor, seesPatients, visiblePatients } from "./access-policy.ts";
import type { PatientRecord } from "./contract.ts";
import type { PatientListAnswer, PatientListFilters, PatientListRow } from "./list-schemas.ts";
import { patientDiagnoses, patientPhenotypes, patients, patientVersions } from "./tables.ts";

const DEFAULT_PER_PAGE = 25;

export const NO_PATIENT_PROFILE =
  "Your CPMS profiles here do not show patient records: they are for HPs, coordinators and panel managers. Researchers work on anonymised data only.";

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function isRealDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The filters' conditions on `patients`; a day that does not exist, or a period ending before it starts, is refused. */
function filterConditions(filters: PatientListFilters): SQL[] {
  const where: SQL[] = [];
  const search = filters.q?.trim();
  if (search) where.push(sql`${patients.pseudonym} ilike ${likePattern(search)}`);
  if (filters.diagnosis) {
    const column = filters.diagnosis.startsWith("ORPHA:") ? patientDiagnoses.orphaCode : patientDiagnoses.icd10Code;
    where.push(sql`${patients.id} in (select ${patientDiagnoses.patientId} from ${patientDiagnoses} where ${column} = ${filters.diagnosis})`);
  }
  for (const code of new Set(filters.phenotype ?? [])) {
    where.push(
      sql`${patients.id} in (select ${patientPhenotypes.patientId} from ${patientPhenotypes} where ${patientPhenotypes.hpoCode} = ${code} and ${patientPhenotypes.present})`,
    );
  }
  if (filters.hcp) where.push(eq(patients.providerId, filters.hcp));
  for (const field of ["from", "to"] as const) {
    const day = filters[field];
    if (day && !isRealDay(day)) throw new InvalidField(field, `${day} is not a day of the calendar.`);
  }
  if (filters.from && filters.to && filters.to < filters.from) throw new InvalidField("to", "The last enrolment day comes before the first.");
  if (filters.from) where.push(sql`${patients.createdAt} >= ${filters.from}::date`);
  if (filters.to) where.push(sql`${patients.createdAt} < ${nextDay(filters.to)}::date`);
  return where;
}

type PageRow = {
  id: string;
  pseudonym: string;
  ern_code: string;
  provider_id: string;
  provider_code: string;
  provider_name: string;
  created_at: string | Date;
  withdrawn: boolean;
  reason: string;
  total: string | number;
};

export async function listPatients(tx: Db, origin: RequestOrigin, user: CpmsUser, filters: PatientListFilters): Promise<PatientListAnswer> {
  if (!seesPatients(user, filters.ern)) throw new Forbidden(NO_PATIENT_PROFILE);
  const page = filters.page ?? 1;
  const perPage = filters.perPage ?? DEFAULT_PER_PAGE;
  const where = and(visiblePatients(user, filters.ern), ...filterConditions(filters)) as SQL;
  const result = (await tx.execute(sql`
    select ${patients.id} as id, ${patients.pseudonym} as pseudonym, ${patients.ernCode} as ern_code,
      ${patients.providerId} as provider_id, ${patients.providerCode} as provider_code, ${patients.providerName} as provider_name,
      ${patients.createdAt} as created_at, ${patients.withdrawn} as withdrawn, count(*) over () as total
    from ${patients} where ${where}
    order by ${patients.createdAt} desc, ${patients.id} desc
    limit ${perPage} offset ${(page - 1) * perPage}`)) as unknown as { rows: Omit<PageRow, "reason">[] };
  const total = result.rows.length ? Number(result.rows[0].total) : await countVisible(tx, where);
  const ids = result.rows.map((row) => row.id);
  const [records, reasons] = await Promise.all([currentRecords(tx, ids), reasonsFor(tx, user, ids, filters.ern)]);
  const rows: PageRow[] = result.rows.map((row) => ({ ...row, reason: reasons.get(row.id) ?? "" }));
  const listed: PatientListRow[] = rows.map((row) => {
    const record = records.get(row.id);
    const birthMonth = record?.demographics?.birthMonth ?? null;
    return {
      id: row.id,
      pseudonym: row.pseudonym,
      ernCode: row.ern_code,
      sex: record?.demographics?.sex ?? null,
      birthYear: birthMonth ? Number(birthMonth.slice(0, 4)) : null,
      diagnoses: (record?.diagnoses ?? []).map((d) => ({
        status: d.status,
        orphaCode: d.orphaCode ?? null,
        orphaLabel: d.orphaLabel ?? null,
        icd10Code: d.icd10Code ?? null,
        icd10Label: d.icd10Label ?? null,
      })),
      phenotypeCount: (record?.phenotypes ?? []).filter((p) => p.present).length,
      provider: { id: row.provider_id, code: row.provider_code, name: row.provider_name },
      enrolledAt: new Date(row.created_at).toISOString(),
      reason: row.reason,
      sharedWithMe: row.reason === "shared",
      withdrawn: row.withdrawn,
    };
  });
  await auditList(tx, origin, user, filters, { total, page, perPage }, rows);
  return { rows: listed, providers: await filterProviders(tx, user, filters.ern), total, page, perPage };
}

/** The healthcare providers of the ERN viewed, or of all the user's ERNs (not the guest entries). */
async function filterProviders(tx: Db, user: CpmsUser, ernCode?: string): Promise<PatientListAnswer["providers"]> {
  const erns = ernCode ? [ernCode] : [...new Set(user.memberships.map((m) => m.ernCode))];
  const known = (await Promise.all(erns.map((ern) => providersOf(tx, ern)))).flat();
  return known.filter((p) => !p.isGuest).map((p) => ({ id: p.providerId, code: p.providerCode, name: p.providerName }));
}

/** A page past the end still tells how many patients match. */
async function countVisible(tx: Db, where: SQL): Promise<number> {
  const result = (await tx.execute(sql`select count(*) as total from ${patients} where ${where}`)) as unknown as { rows: { total: string | number }[] };
  return Number(result.rows[0]?.total ?? 0);
}

type ListedParts = Pick<PatientRecord, "demographics" | "diagnoses" | "phenotypes">;

/** The current version's demographics, diagnoses and phenotypes of each patient on the page. */
async function currentRecords(tx: Db, ids: string[]): Promise<Map<string, Partial<ListedParts>>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      id: patientVersions.patientId,
      demographics: sql<ListedParts["demographics"]>`${patientVersions.record}->'demographics'`,
      diagnoses: sql<ListedParts["diagnoses"]>`${patientVersions.record}->'diagnoses'`,
      phenotypes: sql<ListedParts["phenotypes"]>`${patientVersions.record}->'phenotypes'`,
    })
    .from(patientVersions)
    .innerJoin(patients, and(eq(patients.id, patientVersions.patientId), eq(patients.version, patientVersions.version)))
    .where(inArray(patientVersions.patientId, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

async function auditList(
  tx: Db,
  origin: RequestOrigin,
  user: CpmsUser,
  filters: PatientListFilters,
  shown: { total: number; page: number; perPage: number },
  rows: PageRow[],
): Promise<void> {
  const actor = auditActor(user.sub);
  const who = { actorName: user.name, ...actor.details };
  const { page: _page, perPage: _perPage, ...searched } = filters;
  await audit(tx, auditEvents, origin, {
    type: "patients.listed",
    actorId: actor.actorId,
    details: { ...who, filters: searched, ...shown, patientIds: rows.map((row) => row.id) },
  });
  if (rows.length === 0) return;
  await tx.insert(auditEvents).values(
    rows.map((row) => ({
      type: "patient.listed",
      actorId: actor.actorId,
      subjectId: row.id,
      ip: origin.ip ?? null,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      details: { ...who, reason: row.reason, purpose: "list", ernCode: filters.ern ?? null },
    })),
  );
}
