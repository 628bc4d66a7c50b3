/*
 * Who wishes to participate in a thematic area, for panels: the HPs of the
 * ERN (a granted HP membership there, as last read from access) who chose
 * the area in their preferences. A retired area has no participants.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { memberships, members } from "../authorizations/tables.ts";
import { preferenceAreas, thematicAreas } from "./tables.ts";

export type Participant = {
  sub: string;
  name: string;
  email: string | null;
  providers: { providerId: string; providerCode: string; providerName: string; countryCode: string }[];
};

/** For each offered area of the ERN, the HPs who chose it (by name); areas nobody chose map to an empty list. */
export async function membersByThematicArea(db: Db, ernCode: string): Promise<Map<string, Participant[]>> {
  const areas = await db
    .select({ id: thematicAreas.id })
    .from(thematicAreas)
    .where(and(eq(thematicAreas.ernCode, ernCode), isNull(thematicAreas.retiredAt)));
  const result = new Map<string, Participant[]>(areas.map((area) => [area.id, []]));
  if (areas.length === 0) return result;
  const rows = await db
    .select({
      areaId: preferenceAreas.areaId,
      sub: members.sub,
      name: members.name,
      email: members.email,
      providerId: memberships.providerId,
      providerCode: memberships.providerCode,
      providerName: memberships.providerName,
      countryCode: memberships.countryCode,
    })
    .from(preferenceAreas)
    .innerJoin(members, eq(members.sub, preferenceAreas.sub))
    .innerJoin(memberships, and(eq(memberships.sub, preferenceAreas.sub), eq(memberships.ernCode, ernCode), eq(memberships.profile, "HP")))
    .where(
      and(
        eq(preferenceAreas.ernCode, ernCode),
        inArray(
          preferenceAreas.areaId,
          areas.map((area) => area.id),
        ),
      ),
    )
    .orderBy(asc(members.name), asc(members.sub), asc(memberships.providerCode));
  for (const row of rows) {
    const list = result.get(row.areaId) as Participant[];
    let participant = list.find((entry) => entry.sub === row.sub);
    if (!participant) {
      participant = { sub: row.sub, name: row.name, email: row.email, providers: [] };
      list.push(participant);
    }
    participant.providers.push({ providerId: row.providerId, providerCode: row.providerCode, providerName: row.providerName, countryCode: row.countryCode });
  }
  return result;
}

/** The HPs of the ERN who chose one thematic area. */
export async function hpsOfThematicArea(db: Db, ernCode: string, areaId: string): Promise<Participant[]> {
  return (await membersByThematicArea(db, ernCode)).get(areaId) ?? [];
}
