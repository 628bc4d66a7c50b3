/* The catalogue's reference data as the seeds show it, seeded once however often access starts. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, asc, eq, sql } from "drizzle-orm";
import { migrateServices } from "../../platform/db/migrate.ts";
import { openTestDatabase } from "../../platform/testing/test-database.ts";
import { seedAccessCatalog } from "./seed.ts";
import { applications, countries, erns, profiles, providers } from "./tables.ts";

let database: Awaited<ReturnType<typeof openTestDatabase>>;

before(async () => {
  database = await openTestDatabase();
  await migrateServices(database, ["access"]);
  await seedAccessCatalog(database.db, { demoProviders: true });
});
after(() => database?.close());

const count = async (where: ReturnType<typeof sql>) => Number((await database.db.select({ n: sql<number>`count(*)` }).from(providers).where(where))[0].n);

test("the applications are the seeds' list, in its order, and CPMS's profiles are the seeds' with Coordinator approving", async () => {
  const { db } = database;
  const names = (await db.select().from(applications).orderBy(asc(applications.sortOrder))).map((row) => row.name);
  assert.deepEqual(names, [
    "AAC",
    "AAC - Food Fraud",
    "Cosmetic Products Notification Portal",
    "Cosmetic Products Notification Portal (readonly)",
    "CPMS",
    "EIPAAH",
    "Euceg reporting",
    "EUCoding",
    "European Reference Networks",
  ]);
  const [ecp] = await db.select().from(applications).where(eq(applications.name, "European Reference Networks"));
  assert.equal(ecp.description, "ERN Collaborative Platform (ECP)");
  const cpms = await db.select().from(profiles).where(eq(profiles.applicationId, "CPMS")).orderBy(asc(profiles.sortOrder));
  assert.deepEqual(
    cpms.map((p) => [p.name, p.status, p.description, p.approves]),
    [
      ["Coordinator", "active", "handles requests for assistance from ERN and has access to KPIs", true],
      ["Dispatcher", "active", "handles requests for assistance on behalf of Coordinator", false],
      ["HP", "active", "healthcare professional available to participate in or lead panels", false],
      ["Panel Manager ERN", "active", "Assists panel lead with managing panels at ERN level", false],
      ["Panel Manager HCP", "active", "Assists panel lead with managing panels at HCP level", false],
      ["Researcher", "active", "can create or consult queries or reports on the anonymised data from the ERN", false],
    ],
  );
});

test("24 ERNs and the 30 EU/EEA countries, with Guest Access in each of the 720 pairs", async () => {
  const { db } = database;
  assert.equal((await db.select().from(erns)).length, 24);
  const all = await db.select().from(countries);
  assert.equal(all.length, 30);
  assert.equal(all.find((c) => c.code === "CZ")?.name, "Czech Republic");
  assert.equal(await count(sql`${providers.isGuest} and ${providers.code} = '0000' and ${providers.name} = 'Guest Access'`), 720);
});

test("the demo providers hold the seeds' rows: EURACAN / France and ReCONNET / Italy exactly", async () => {
  const { db } = database;
  const listed = async (ern: string, country: string) =>
    (
      await db
        .select()
        .from(providers)
        .where(and(eq(providers.ernCode, ern), eq(providers.countryCode, country)))
        .orderBy(asc(providers.code))
    ).map((p) => `${p.code} - ${p.name}`);
  assert.deepEqual(await listed("EURACAN", "FR"), [
    "0000 - Guest Access",
    "FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière",
    "FR03 - Assistance Publique-Hôpitaux de Paris, Hôpital Cochin",
    "FR12 - Hôpital Tenon",
    "FR18 - Centre Léon Bérard",
    "FR25 - Hospices Civils de Lyon",
    "FR36 - Institut Curie",
    "FR37 - Institut Gustave Roussy",
  ]);
  assert.deepEqual(await listed("ReCONNET", "IT"), [
    "0000 - Guest Access",
    "IT04 - Civil Hospital - Brescia",
    "IT07 - University Hospital of Padova",
    "IT08 - AOU Pisana",
    "IT13 - AOU Careggi, Florence",
    "IT34 - Foundation IRCCS CA'Granda Ospedale Maggiore polyclinic - Milan",
    "IT37 - Foundation IRCCS Polyclinic San Matteo, Pavia",
    "IT42 - IRCCS AOU San Martino - Genoa",
    "IT61 - AO San Camillo Forlanini - Rome",
  ]);
  const charite = await db
    .select()
    .from(providers)
    .where(and(eq(providers.ernCode, "EURACAN"), eq(providers.code, "DE01")));
  assert.equal(charite[0]?.name, "Charité – Universitätsmedizin Berlin");
  assert.equal(charite[0]?.searchText, "de01 charite – universitatsmedizin berlin berlin");
});

test("every ERN has providers in several countries, and a hospital has one name under every ERN", async () => {
  const { db } = database;
  const perErn = await db
    .select({ ern: providers.ernCode, countries: sql<number>`count(distinct ${providers.countryCode})` })
    .from(providers)
    .where(sql`not ${providers.isGuest}`)
    .groupBy(providers.ernCode);
  assert.equal(perErn.length, 24);
  for (const row of perErn) assert.ok(Number(row.countries) >= 5, `${row.ern} has providers in ${row.countries} countries`);
  const names = await db
    .select({ code: providers.code, names: sql<number>`count(distinct ${providers.name})` })
    .from(providers)
    .groupBy(providers.countryCode, providers.code);
  assert.deepEqual(
    names.filter((row) => Number(row.names) > 1),
    [],
  );
});

test("seeding again changes nothing, and never adds demo providers to a catalogue that has providers", async () => {
  const before = await count(sql`true`);
  await seedAccessCatalog(database.db, { demoProviders: true });
  await seedAccessCatalog(database.db, { demoProviders: false });
  assert.equal(await count(sql`true`), before);
  assert.equal((await database.db.select().from(profiles).where(eq(profiles.applicationId, "CPMS"))).length, 6);
});

test("without demo data the catalogue has only Guest Access; a new ERN gets its Guest Access on the next start", async () => {
  const fresh = await openTestDatabase();
  try {
    await migrateServices(fresh, ["access"]);
    await seedAccessCatalog(fresh.db, { demoProviders: false });
    const all = await fresh.db.select().from(providers);
    assert.equal(all.length, 720);
    assert.ok(all.every((p) => p.isGuest));
    await fresh.db.insert(erns).values({ code: "NEW-ERN", name: "A new network" });
    await seedAccessCatalog(fresh.db, { demoProviders: false });
    assert.equal((await fresh.db.select().from(providers).where(eq(providers.ernCode, "NEW-ERN"))).length, 30);
  } finally {
    await fresh.close();
  }
});
