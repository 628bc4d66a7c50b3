/*
 * The catalogue's reference data, written at every start of access:
 * - applications and their access profiles, the 24 ERNs, the EU/EEA
 *   countries: added when missing, never changed (an operator's edits stay);
 * - "0000 Guest Access" in every ERN and country, always: it is structural;
 * - with demo data, the demo hospitals (data/memberships.ts) — only into a
 *   catalogue without healthcare providers, so an imported list is never
 *   mixed with demo rows.
 * Idempotent, and the caller holds the database's exclusive lock, so two
 * instances starting together seed once.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { APPLICATIONS } from "./data/applications.ts";
import { COUNTRIES } from "./data/countries.ts";
import { ERNS } from "./data/erns.ts";
import { HOSPITALS } from "./data/hospitals.ts";
import { MEMBERSHIPS } from "./data/memberships.ts";
import { GUEST_ACCESS } from "./guest-access.ts";
import { providerSearchText } from "./search-text.ts";
import { applications, countries, erns, profiles, providers } from "./tables.ts";

export async function seedAccessCatalog(db: Db, options: { demoProviders: boolean }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(applications)
      .values(APPLICATIONS.map(({ id, name, description }, sortOrder) => ({ id, name, description, sortOrder })))
      .onConflictDoNothing();
    await tx
      .insert(profiles)
      .values(
        APPLICATIONS.flatMap((application) =>
          application.profiles.map((profile, sortOrder) => ({ applicationId: application.id, ...profile, approves: profile.approves ?? false, sortOrder })),
        ),
      )
      .onConflictDoNothing();
    await tx.insert(erns).values(ERNS).onConflictDoNothing();
    await tx.insert(countries).values(COUNTRIES).onConflictDoNothing();
    if (options.demoProviders && !(await hasHealthcareProviders(tx))) await tx.insert(providers).values(demoProviderRows()).onConflictDoNothing();
    await addGuestAccess(tx);
  });
}

async function hasHealthcareProviders(tx: Db): Promise<boolean> {
  const found = await tx.select({ id: providers.id }).from(providers).where(sql`not ${providers.isGuest}`).limit(1);
  return found.length > 0;
}

/** "0000 Guest Access" in every ERN × country that lacks it, in one statement. */
async function addGuestAccess(tx: Db): Promise<void> {
  await tx.execute(sql`
    insert into ${providers} (ern_code, country_code, code, name, is_guest, search_text)
    select e.code, c.code, ${GUEST_ACCESS.code}, ${GUEST_ACCESS.name}, true, ${providerSearchText(GUEST_ACCESS)}
    from ${erns} e cross join ${countries} c
    on conflict do nothing`);
}

function demoProviderRows() {
  return Object.entries(MEMBERSHIPS).flatMap(([ernCode, byCountry]) =>
    Object.entries(byCountry).flatMap(([countryCode, codes]) =>
      codes.split(" ").map((code) => {
        const hospital = HOSPITALS[countryCode]?.find(([candidate]) => candidate === code);
        if (!hospital) throw new Error(`memberships.ts names ${ernCode} / ${countryCode} / ${code}, which hospitals.ts lacks`);
        const [, name, city, website] = hospital;
        return { ernCode, countryCode, code, name, city, website, searchText: providerSearchText({ code, name, city }) };
      }),
    ),
  );
}
