/*
 * The wizard's organisation step with a large catalogue: how fast GET
 * /api/organisations answers a search across the tree and a page of the
 * tree (ERN → country → providers).
 *
 *   node bench/organisations.ts [--providers N] [--requests R] [--database postgres|pglite] [--json]
 *   (npm run bench:organisations; DATABASE_URL names a PostgreSQL server,
 *   otherwise a throwaway one is started from /usr/lib/postgresql/<v>/bin
 *   as .ci/run does; --database pglite runs on the embedded database)
 *
 * 1. the whole system on a fresh database, listening on loopback; the
 *    catalogue seeded with its demo providers, then N more (2,000 by
 *    default) loaded through `opencpms orgs import`'s code from a CSV
 *    spread over the 24 ERNs and 12 countries;
 * 2. one user signed in to access through identity over real HTTP, with a
 *    few open requests (so "(request submitted)" is worked out);
 * 3. R requests of each kind, one after another over keep-alive HTTP after
 *    a warm-up: searches across the whole tree (a code, a word of a name, a
 *    city, a word matching nothing), the ERNs, an ERN's countries, a
 *    country's providers, and a search inside an ERN; and, as the floor
 *    every signed-in request pays (session, rate limit), the applications;
 * 4. prints the median and p95 of each, in milliseconds (or JSON with
 *    --json). Measures only; the answers are checked to be 200s.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { and, eq } from "drizzle-orm";
import { COUNTRIES } from "../src/access/catalog/data/countries.ts";
import { ERNS } from "../src/access/catalog/data/erns.ts";
import { importProviders } from "../src/access/catalog/import.ts";
import { seedAccessCatalog } from "../src/access/catalog/seed.ts";
import { profiles, providers } from "../src/access/catalog/tables.ts";
import { rights } from "../src/access/requests/tables.ts";
import { addPerson, PERSON, signedInAtIdentity, signInTo } from "../src/platform/http/oidc-sign-in-testing.ts";
import { startTestSystem } from "../src/platform/testing/test-system.ts";
import { onDatabase } from "./support/database.ts";
import { get, type Timing, timeRequests } from "./support/http.ts";
import { readOptions } from "./support/options.ts";

const WARM_UP = 20;
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------- the catalogue

const BENCH_COUNTRIES = ["AT", "BE", "CZ", "DE", "DK", "ES", "FR", "IT", "NL", "PL", "PT", "SE"];
const CITIES = ["Vienna", "Brussels", "Prague", "Berlin", "Copenhagen", "Madrid", "Lyon", "Milan", "Utrecht", "Warsaw", "Porto", "Uppsala"];
const KINDS = ["University Hospital", "Children's Hospital", "Cancer Centre", "Clinical Centre", "Medical Centre"];

/** N providers spread over the ERNs and the bench's countries, with codes like "BE7001" that no demo hospital has. */
function providersCsv(count: number): string {
  const lines = ["ern,country,code,name,city,website"];
  for (let i = 0; i < count; i++) {
    const ern = ERNS[i % ERNS.length].code;
    const place = Math.floor(i / ERNS.length) % BENCH_COUNTRIES.length;
    const country = BENCH_COUNTRIES[place];
    const number = 1000 + Math.floor(i / (ERNS.length * BENCH_COUNTRIES.length));
    const city = CITIES[place];
    lines.push(`${ern},${country},${country}${number},"${KINDS[i % KINDS.length]} ${city} ${number}",${city},https://hospital-${i}.example.org`);
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------- HTTP

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = readOptions({ providers: 2000 }, 200);
  await onDatabase(options.database, progress, async () => {
    progress("starting the system on a fresh database");
    const system = await startTestSystem({ RATE_LIMIT_PER_MINUTE: "1000000", LOG_LEVEL: "silent" }, { listen: true });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { db } = system.database;
      await seedAccessCatalog(db, { demoProviders: true });
      progress(`importing ${options.providers} providers`);
      const imported = await importProviders(db, providersCsv(options.providers), { dryRun: false, source: "bench.csv" });
      if (imported.problems.length) throw new Error(`the bench's CSV has problems: ${JSON.stringify(imported.problems.slice(0, 3))}`);
      const total = (await db.select({ id: providers.id }).from(providers)).length;

      progress("signing a user in to access through identity");
      const { id: sub } = await addPerson(system);
      const browser = await signedInAtIdentity(system);
      const access = system.config.urls.access;
      await signInTo(browser, access);
      const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
      const [hp] = await db
        .select({ id: profiles.id })
        .from(profiles)
        .where(and(eq(profiles.applicationId, "CPMS"), eq(profiles.name, "HP")));
      const held = await db.select({ id: providers.id }).from(providers).where(eq(providers.ernCode, "EURACAN")).limit(5);
      await db.insert(rights).values(
        held.map((provider) => ({
          submissionId: randomUUID(),
          sub,
          requesterEmail: PERSON.email,
          requesterName: `${PERSON.firstName} ${PERSON.lastName}`,
          applicationId: "CPMS",
          profileId: hp.id,
          providerId: provider.id,
        })),
      );

      const port = (system.server("access").server.address() as { port: number }).port;
      const send = (path: string) => get(agent, port, path, cookie);
      const at = (query: Record<string, string>) => `/api/organisations?${new URLSearchParams({ application: "CPMS", ...query })}`;
      const kinds = {
        "floor: GET /api/applications": ["/api/applications"],
        "search, whole tree": ["FR01", "university", "Lyon", "no such hospital", "gustave roussy", "DE1003"].map((search) => at({ search })),
        "page: the ERNs": [at({})],
        "page: an ERN's countries": ERNS.slice(0, 8).map((ern) => at({ ern: ern.code })),
        "page: a country's providers": ["EURACAN/FR", "EURACAN/DE", "ReCONNET/IT", "BOND/NL", "VASCERN/BE", "ERKNet/PL"].map((place) => {
          const [ern, country] = place.split("/");
          return at({ ern, country });
        }),
        "search, inside an ERN": ["EURACAN", "ReCONNET", "EpiCARE"].map((ern) => at({ ern, search: "hospital" })),
      };
      const results: Record<string, Timing> = {};
      for (const [kind, paths] of Object.entries(kinds)) {
        progress(`${kind}: ${options.requests} requests`);
        results[kind] = await timeRequests(paths, { requests: options.requests, warmUp: WARM_UP }, send);
      }
      const figures = {
        database: system.database.kind === "pglite" ? "PGlite" : "PostgreSQL",
        cpus: os.availableParallelism(),
        providers: { imported: imported.added, inCatalogue: total, countries: COUNTRIES.length, erns: ERNS.length },
        results,
        note: "one signed-in user, requests one after another over keep-alive HTTP on loopback, after a warm-up",
      };
      if (options.json) {
        console.log(JSON.stringify(figures));
        return;
      }
      console.log(
        [
          `${"database".padEnd(30)}${figures.database}`,
          `${"machine".padEnd(30)}${figures.cpus} cpus`,
          `${"catalogue".padEnd(30)}${total} providers (${imported.added} imported, with Guest Access and demo hospitals)`,
          ...Object.entries(results).map(
            ([kind, r]) => `${kind.padEnd(30)}median ${r.medianMs} ms   p95 ${r.p95Ms} ms   max ${r.maxMs} ms   (${r.requests} requests)`,
          ),
          `${"note".padEnd(30)}${figures.note}`,
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
