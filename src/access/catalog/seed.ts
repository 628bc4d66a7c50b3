/*
 * The catalogue's reference data, written on an empty catalogue at start:
 * applications and their access profiles, the 24 ERNs, the EU/EEA countries,
 * "0000 Guest Access" in every ERN and country; with demo data, a realistic
 * set of healthcare providers per ERN and country. Operators load the real
 * lists with `opencpms orgs import`.
 */
import type { Db } from "../../platform/db/database.ts";

export async function seedAccessCatalog(_db: Db, _options: { demoProviders: boolean }): Promise<void> {
  // Filled in by the catalogue feature.
}
