/*
 * Who may lead a panel started from a request: an HP of the ERN at one of
 * its healthcare providers (cpms's copy of the granted rights) — never at
 * the "0000 Guest Access" entry, which is no hospital.
 * - candidates (GET /api/erns/:ern/panel-leads?q=&area=): those who chose
 *   the request's thematic area in their preferences first, then by name;
 *   searchable by words of the name; at most 50, one line per person (their
 *   first hospital by code);
 * - leadOf: the chosen HP as the panel's lead, or 400 on "leadSub".
 */
import { and, asc, desc, eq, ilike, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { members, memberships } from "../authorizations/tables.ts";
import type { PanelPerson } from "../panels/create.ts";
import { preferenceAreas } from "../preferences/tables.ts";
import type { LeadCandidate } from "./contract.ts";

const MAX_CANDIDATES = 50;

const hpAtHospitalOf = (ernCode: string) => and(eq(memberships.ernCode, ernCode), eq(memberships.profile, "HP"), eq(memberships.isGuest, false));

export async function leadCandidates(db: Db, ernCode: string, options: { q?: string; areaId?: string }): Promise<LeadCandidate[]> {
  const words = (options.q ?? "").toLowerCase().trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const byName: SQL[] = words.map((word) => ilike(members.name, `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const inArea = options.areaId
    ? sql<boolean>`exists (select 1 from ${preferenceAreas} where ${preferenceAreas.sub} = ${members.sub} and ${preferenceAreas.areaId} = ${options.areaId})`
    : sql<boolean>`false`;
  // One row per person (their first hospital by code), then the area's experts first.
  const people = db
    .selectDistinctOn([members.sub], {
      sub: sql<string>`${members.sub}`.as("sub"),
      name: sql<string>`${members.name}`.as("name"),
      providerCode: memberships.providerCode,
      providerName: memberships.providerName,
      countryCode: memberships.countryCode,
      inThematicArea: inArea.as("in_thematic_area"),
    })
    .from(memberships)
    .innerJoin(members, eq(members.sub, memberships.sub))
    .where(and(hpAtHospitalOf(ernCode), ...byName))
    .orderBy(members.sub, asc(memberships.providerCode))
    .as("people");
  const rows = await db.select().from(people).orderBy(desc(people.inThematicArea), asc(people.name), asc(people.sub)).limit(MAX_CANDIDATES);
  return rows.map((row) => ({
    sub: row.sub,
    name: row.name,
    providerLabel: `${row.providerCode} - ${row.providerName}`,
    countryCode: row.countryCode,
    inThematicArea: row.inThematicArea,
  }));
}

/** The HP chosen to lead, with their (first) hospital in the ERN; 400 on "leadSub" when they are not an HP of the ERN at a hospital. */
export async function leadOf(tx: Db, ernCode: string, sub: string): Promise<PanelPerson> {
  const [row] = await tx
    .select({
      name: members.name,
      email: members.email,
      providerId: memberships.providerId,
      providerCode: memberships.providerCode,
      providerName: memberships.providerName,
      countryCode: memberships.countryCode,
    })
    .from(memberships)
    .innerJoin(members, eq(members.sub, memberships.sub))
    .where(and(eq(memberships.sub, sub), hpAtHospitalOf(ernCode)))
    .orderBy(asc(memberships.providerCode))
    .limit(1);
  if (!row) throw new InvalidField("leadSub", `The panel lead must be an HP of ${ernCode} at one of its healthcare providers: choose one from the list.`);
  return {
    sub,
    name: row.name,
    email: row.email,
    ernCode,
    providerId: row.providerId,
    providerLabel: `${row.providerCode} - ${row.providerName}`,
    countryCode: row.countryCode,
  };
}
