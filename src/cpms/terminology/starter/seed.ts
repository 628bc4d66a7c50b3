/*
 * Loads the starter sets (a few HPO terms, Orphanet concepts and ICD-10
 * categories) into a system whose terminology is empty, so pickers work
 * out of the box; a system already holding terms (an imported release) is
 * left alone. Idempotent: run at every start of cpms.
 */
import { count, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import type { TermSystem } from "../lookup.ts";
import { writeRelease } from "../store.ts";
import { terms } from "../tables.ts";
import type { TermEntry } from "../term.ts";
import { STARTER_HPO } from "./hpo.ts";
import { STARTER_ICD10 } from "./icd10.ts";
import { STARTER_ORPHANET } from "./orphanet.ts";

export const STARTER_SETS: Record<TermSystem, TermEntry[]> = { HPO: STARTER_HPO, ORPHA: STARTER_ORPHANET, ICD10: STARTER_ICD10 };

/** The systems that got the starter set. */
export async function seedStarterTerms(db: Db): Promise<TermSystem[]> {
  const seeded: TermSystem[] = [];
  for (const [system, entries] of Object.entries(STARTER_SETS) as [TermSystem, TermEntry[]][]) {
    await db.transaction(async (tx) => {
      const [{ held }] = await tx.select({ held: count() }).from(terms).where(eq(terms.system, system));
      if (held > 0) return;
      await writeRelease(tx, system, entries, { version: "starter", source: "starter" });
      seeded.push(system);
    });
  }
  return seeded;
}
