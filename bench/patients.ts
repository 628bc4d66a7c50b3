/*
 * The patient list at scale: how fast GET /api/patients answers a search by
 * diagnosis and by phenotype with 100,000 enrolled patients.
 *
 *   node bench/patients.ts [--patients N] [--requests R] [--database postgres|pglite] [--json]
 *   (npm run bench:patients; DATABASE_URL names a PostgreSQL server,
 *   otherwise a throwaway one is started from /usr/lib/postgresql/<v>/bin
 *   as .ci/run does; --database pglite runs on the embedded database)
 *
 * 1. the whole system on a fresh database, listening on loopback, with the
 *    catalogue's demo providers and the starter terminologies;
 * 2. N patients (100,000 by default) spread over every ERN's healthcare
 *    providers and three years of enrolments, each with one or two
 *    Orphanet diagnoses (and their ICD-10 codes) and three HPO terms of the
 *    starter sets, the coded rows and version 1 of the record — written by
 *    a few set-based statements over generate_series; 1% with consent for
 *    care withdrawn; 200 patients of other ERNs shared with the HP;
 * 3. an HP of EURACAN/FR01 and a coordinator of EURACAN, signed in to cpms,
 *    their rights granted in access and read by cpms over its API;
 * 4. R requests of each kind after a warm-up, one after another over
 *    keep-alive HTTP: the ERN's list unfiltered, by an ORPHAcode, by an
 *    ICD-10 code, by one phenotype, by two phenotypes — each as the HP
 *    and as the coordinator (every call audited, as in production);
 * 5. prints the median and p95 of each, in milliseconds (or JSON with --json).
 */
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { providers } from "../src/access/catalog/tables.ts";
import { cpmsUser, grant, startCpmsTestSystem } from "../src/cpms/authorizations/testing.ts";
import { STARTER_HPO } from "../src/cpms/terminology/starter/hpo.ts";
import { STARTER_ORPHANET } from "../src/cpms/terminology/starter/orphanet.ts";
import { onDatabase } from "./support/database.ts";
import { get, round, type Timing, timeRequests } from "./support/http.ts";
import { readOptions } from "./support/options.ts";

const WARM_UP = 10;
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------- the patients

type Db = Awaited<ReturnType<typeof startCpmsTestSystem>>["database"]["db"];

/** N patients over the providers (round robin), with their coded diagnoses and phenotypes and version 1 of the record. */
async function seedPatients(db: Db, count: number): Promise<void> {
  const hospitals = await db
    .select({ id: providers.id, ernCode: providers.ernCode, code: providers.code, name: providers.name })
    .from(providers)
    .where(eq(providers.isGuest, false))
    .orderBy(providers.ernCode, providers.countryCode, providers.code);
  const json = (values: unknown[]) => JSON.stringify(values);
  const orpha = STARTER_ORPHANET.map((term) => term.code);
  const icd10 = STARTER_ORPHANET.map((term) => term.icd10?.[0] ?? null);
  const hpo = STARTER_HPO.map((term) => term.code);
  const p = {
    ids: json(hospitals.map((h) => h.id)),
    erns: json(hospitals.map((h) => h.ernCode)),
    codes: json(hospitals.map((h) => h.code)),
    names: json(hospitals.map((h) => h.name)),
  };
  const n = hospitals.length;
  progress(`patients: ${count} over ${n} healthcare providers`);
  await db.execute(sql`
    insert into cpms.patients (id, pseudonym, ern_code, provider_id, provider_code, provider_name, enrolled_by_sub, enrolled_by_name,
      consent_care, withdrawn, consent_research, consent_registries, version, created_at, updated_at)
    select md5('bench-patient-' || g)::uuid, 'BENCH-' || lpad(g::text, 7, '0'),
      ${p.erns}::jsonb ->> (g % ${n}), (${p.ids}::jsonb ->> (g % ${n}))::uuid, ${p.codes}::jsonb ->> (g % ${n}), ${p.names}::jsonb ->> (g % ${n}),
      'bench-enroller-' || (g % ${n}), 'Bench Enroller', g % 100 <> 0, g % 100 = 0, g % 3 = 0, g % 2 = 0, 1,
      now() - make_interval(days => g % 1095, mins => g % 1440), now()
    from generate_series(1, ${count}) as g`);
  progress("diagnoses");
  const k = orpha.length;
  await db.execute(sql`
    insert into cpms.patient_diagnoses (patient_id, ern_code, orpha_code, icd10_code, status, date)
    select md5('bench-patient-' || g)::uuid, ${p.erns}::jsonb ->> (g % ${n}),
      ${json(orpha)}::jsonb ->> ((g * 7 + pick * 13) % ${k}), ${json(icd10)}::jsonb ->> ((g * 7 + pick * 13) % ${k}),
      case when (g + pick) % 4 = 0 then 'suspected' else 'confirmed' end, null
    from generate_series(1, ${count}) as g, generate_series(0, 1) as pick
    where pick = 0 or g % 3 = 0`);
  progress("phenotypes");
  const h = hpo.length;
  await db.execute(sql`
    insert into cpms.patient_phenotypes (patient_id, ern_code, hpo_code, present)
    select md5('bench-patient-' || g)::uuid, ${p.erns}::jsonb ->> (g % ${n}), ${json(hpo)}::jsonb ->> ((g * 5 + pick * 17) % ${h}), not (pick = 2 and g % 4 = 0)
    from generate_series(1, ${count}) as g, generate_series(0, 2) as pick
    on conflict do nothing`);
  progress("records (version 1)");
  await db.execute(sql`
    insert into cpms.patient_versions (patient_id, version, record, author_sub, author_name, changes)
    select p.id, 1, jsonb_build_object(
        'core', jsonb_build_object('status', 'alive', 'dateOfDeath', null, 'firstContact', null, 'onset', null, 'diagnosisAge', null,
          'undiagnosed', false, 'biologicalSample', null, 'biobank', '', 'functioning', jsonb_build_object('icfScore', '', 'text', '')),
        'demographics', jsonb_build_object('sex', (array['female', 'male', 'unknown'])[1 + abs(hashtext(p.pseudonym)) % 3],
          'birthMonth', (1940 + abs(hashtext(p.pseudonym)) % 80)::text || '-0' || (1 + abs(hashtext(p.pseudonym)) % 9)::text, 'countryOfResidence', null),
        'diagnoses', coalesce((select jsonb_agg(jsonb_build_object('status', d.status, 'orphaCode', d.orpha_code, 'icd10Code', d.icd10_code, 'date', d.date))
          from cpms.patient_diagnoses d where d.patient_id = p.id), '[]'::jsonb),
        'phenotypes', coalesce((select jsonb_agg(jsonb_build_object('hpoCode', f.hpo_code, 'present', f.present))
          from cpms.patient_phenotypes f where f.patient_id = p.id), '[]'::jsonb),
        'geneticFindings', '[]'::jsonb, 'familyHistory', jsonb_build_object('text', '', 'affectedRelatives', '[]'::jsonb),
        'clinicalSummary', '', 'attachments', '[]'::jsonb),
      p.enrolled_by_sub, p.enrolled_by_name, '["Enrolment"]'::jsonb
    from cpms.patients p where p.pseudonym like 'BENCH-%'`);
}

/** Patients of other ERNs shared with the HP in EURACAN, so the list's share rule has rows to find. */
async function seedShares(db: Db, sub: string, count: number): Promise<void> {
  await db.execute(sql`
    insert into cpms.patient_shares (patient_id, kind, target_sub, ern_code, target_name, reason, shared_by_sub, shared_by_name)
    select id, 'user', ${sub}, 'EURACAN', 'Bench HP', 'Second opinion', enrolled_by_sub, enrolled_by_name
    from cpms.patients where ern_code <> 'EURACAN' and not withdrawn order by pseudonym limit ${count}`);
}

// ---------------------------------------------------------------- HTTP

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = readOptions({ patients: 100000 }, 100);
  await onDatabase(options.database, progress, async () => {
    progress("starting the system on a fresh database");
    const system = await startCpmsTestSystem({ RATE_LIMIT_PER_MINUTE: "1000000", LOG_LEVEL: "silent" });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { db } = system.database;
      const seeding = performance.now();
      await seedPatients(db, options.patients);
      const hp = await cpmsUser(system, "Bench", "HP");
      const coordinator = await cpmsUser(system, "Bench", "Coordinator");
      await grant(system, hp.sub, "HP", ["EURACAN", "FR", "FR01"]);
      await grant(system, coordinator.sub, "Coordinator", ["EURACAN", "FR", "FR01"]);
      await seedShares(db, hp.sub, 200);
      await db.execute(sql`analyze`);
      const seededIn = round((performance.now() - seeding) / 1000);
      progress(`seeded in ${seededIn} s`);

      const port = (system.server("cpms").server.address() as { port: number }).port;
      const cookieOf = (user: { browser: { cookies: Map<string, string> } }) => `cpms_session=${user.browser.cookies.get("cpms_session")}`;
      const at = (query: string) => `/api/patients?ern=EURACAN&${query}`;
      const orphaCodes = ["ORPHA:558", "ORPHA:636", "ORPHA:805", STARTER_ORPHANET[10].code, STARTER_ORPHANET[20].code, STARTER_ORPHANET[30].code];
      const icd10Codes = STARTER_ORPHANET.map((term) => term.icd10?.[0])
        .filter((code): code is string => Boolean(code))
        .slice(0, 6);
      const hpoCodes = STARTER_HPO.slice(0, 12).map((term) => term.code);
      const kinds: Record<string, string[]> = {
        "list, no filter": [at(""), at("page=2"), at("page=5")],
        "diagnosis, ORPHAcode": orphaCodes.map((code) => at(`diagnosis=${code}`)),
        "diagnosis, ICD-10": icd10Codes.map((code) => at(`diagnosis=${code}`)),
        "phenotype, one term": hpoCodes.map((code) => at(`phenotype=${code}`)),
        // Pairs that the seeding puts together (offset 17), so the search has matches to find.
        "phenotype, two terms": hpoCodes.slice(0, 6).map((code, i) => at(`phenotype=${code}&phenotype=${STARTER_HPO[(i + 17) % STARTER_HPO.length].code}`)),
      };
      const results: Record<string, Timing & { meanMatches: number }> = {};
      for (const [who, user] of [
        ["HP", hp],
        ["coordinator", coordinator],
      ] as const) {
        const cookie = cookieOf(user);
        const send = (path: string) => get(agent, port, path, cookie);
        for (const [kind, paths] of Object.entries(kinds)) {
          progress(`${who}, ${kind}: ${options.requests} requests`);
          let matched = 0;
          const timing = await timeRequests(paths, { requests: options.requests, warmUp: WARM_UP }, send, (answer) => {
            matched += JSON.parse(answer.body).total;
          });
          results[`${who}: ${kind}`] = { ...timing, meanMatches: Math.round(matched / options.requests) };
        }
      }
      const [{ visible }] = (
        (await db.execute(sql`select count(*)::int as visible from cpms.patients where ern_code = 'EURACAN' and not withdrawn`)) as unknown as {
          rows: { visible: number }[];
        }
      ).rows;
      const figures = {
        database: system.database.kind === "pglite" ? "PGlite" : "PostgreSQL",
        cpus: os.availableParallelism(),
        patients: options.patients,
        seededSeconds: seededIn,
        coordinatorSees: visible,
        results,
        note: "one user at a time, requests one after another over keep-alive HTTP on loopback, after a warm-up; each list call audited",
      };
      if (options.json) {
        console.log(JSON.stringify(figures));
        return;
      }
      console.log(
        [
          `${"database".padEnd(40)}${figures.database}`,
          `${"machine".padEnd(40)}${figures.cpus} cpus`,
          `${"patients".padEnd(40)}${options.patients} (seeded in ${seededIn} s); the coordinator of EURACAN sees ${visible}`,
          ...Object.entries(results).map(
            ([kind, r]) =>
              `${kind.padEnd(40)}median ${r.medianMs} ms   p95 ${r.p95Ms} ms   max ${r.maxMs} ms   (${r.requests} requests, ${r.meanMatches} matches on average)`,
          ),
          `${"note".padEnd(40)}${figures.note}`,
        ].join("\n"),
      );
    } finally {
      agent.destroy();
      progress("closing the system");
      await system.close();
    }
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
