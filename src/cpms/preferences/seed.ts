/*
 * The ERNs' thematic areas, written at every start of cpms: an ERN without
 * any area (offered or retired) gets its starting list; an ERN that has
 * areas is never touched, so coordinators' additions, renames and
 * retirements stay. Idempotent; the caller holds the database's exclusive
 * lock, so two instances starting together seed once.
 */
import type { Db } from "../../platform/db/database.ts";
import { THEMATIC_AREAS } from "./thematic-areas-data.ts";
import { thematicAreas } from "./tables.ts";

export async function seedThematicAreas(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const seeded = new Set((await tx.selectDistinct({ ernCode: thematicAreas.ernCode }).from(thematicAreas)).map((row) => row.ernCode));
    const rows = Object.entries(THEMATIC_AREAS)
      .filter(([ernCode]) => !seeded.has(ernCode))
      .flatMap(([ernCode, names]) => names.map((name, index) => ({ ernCode, name, sortOrder: (index + 1) * 10 })));
    if (rows.length) await tx.insert(thematicAreas).values(rows);
  });
}
