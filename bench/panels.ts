/*
 * Opening a panel's page: how fast GET /api/panels/:id answers for a member
 * of a busy panel — 20 members, 100 contributions, a discussion of 50
 * messages and an outcome draft with the members' agreements — and how fast
 * GET /api/panels (my panels) lists theirs.
 *
 *   node bench/panels.ts [--requests R] [--panels P] [--database postgres|pglite] [--json]
 *   (npm run bench:panels; DATABASE_URL names a PostgreSQL server,
 *   otherwise a throwaway one is started from /usr/lib/postgresql/<v>/bin
 *   as .ci/run does; --database pglite runs on the embedded database)
 *
 * 1. the whole system on a fresh database, listening on loopback, with the
 *    catalogue's demo providers;
 * 2. 20 HPs of EURACAN over its healthcare providers in several countries,
 *    their rights granted in access and read by cpms over its API; the lead
 *    enrols a patient over HTTP;
 * 3. the panel (createPanel, as the routes do), open, the 19 others
 *    accepted members; 100 submitted contributions of about 2,000
 *    characters — one per author, as the schema has it: the 20 members'
 *    and 80 by earlier contributors no longer listed as members — 50
 *    messages with mentions, and an outcome draft citing the contributions
 *    with 19 agreements; P - 1 more panels (default 49) with the member
 *    in them, so the list has pages to read;
 * 4. R requests (default 200) of each after a warm-up, one after another
 *    over keep-alive HTTP: the panel as a member (each read audited, as in
 *    production), the panel as its lead, the member's panel list;
 * 5. prints the median and p95 of each, in milliseconds (or JSON with --json).
 */
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { and, eq, sql } from "drizzle-orm";
import { providers } from "../src/access/catalog/tables.ts";
import { startCpmsTestSystem } from "../src/cpms/authorizations/testing.ts";
import { panelAgreements, panelContributions, panelMessages, panelOutcomes } from "../src/cpms/panels/tables.ts";
import { enrolPatient, makePanel, type PanelTestUser, panelUser } from "../src/cpms/panels/testing.ts";
import { onDatabase } from "./support/database.ts";
import { get, round, type Timing, timeRequests } from "./support/http.ts";
import { readOptions } from "./support/options.ts";

const MEMBERS = 20;
const CONTRIBUTIONS = 100;
const MESSAGES = 50;
const WARM_UP = 10;
const began = performance.now();
const progress = (line: string) => process.stderr.write(`[bench +${Math.round((performance.now() - began) / 1000)} s] ${line}\n`);

// ---------------------------------------------------------------- the panel

type System = Awaited<ReturnType<typeof startCpmsTestSystem>>;

const paragraph = (seed: number, words: number) => {
  const vocabulary = ["retroperitoneal", "liposarcoma", "resection", "margin", "neoadjuvant", "radiotherapy", "imaging", "biopsy", "MDM2", "grade"];
  return Array.from({ length: words }, (_, i) => vocabulary[(seed * 7 + i * 3) % vocabulary.length]).join(" ");
};

/** 20 HPs of EURACAN spread over its healthcare providers (several countries), the first the lead. */
async function seedPeople(system: System): Promise<PanelTestUser[]> {
  const hospitals = await system.database.db
    .select({ country: providers.countryCode, code: providers.code })
    .from(providers)
    .where(and(eq(providers.ernCode, "EURACAN"), eq(providers.isGuest, false)))
    .orderBy(providers.countryCode, providers.code);
  const byCountry = new Map<string, string>();
  for (const h of hospitals) if (!byCountry.has(h.country)) byCountry.set(h.country, h.code);
  const places = [...byCountry].slice(0, 6);
  if (places.length === 0) throw new Error("the catalogue has no healthcare provider of EURACAN");
  progress(`people: ${MEMBERS} HPs at ${places.map(([country, code]) => `${country}/${code}`).join(", ")}`);
  const people: PanelTestUser[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const [country, code] = places[i % places.length];
    people.push(await panelUser(system, i === 0 ? "Lead" : `Member${String(i).padStart(2, "0")}`, "HP", ["EURACAN", country, code], "Bench"));
  }
  return people;
}

async function seedPanel(system: System, people: PanelTestUser[], extraPanels: number): Promise<string> {
  const db = system.database.db;
  const [lead, ...members] = people;
  const patient = await enrolPatient(lead);
  const panel = await makePanel(system, lead, patient, { members, sections: ["clinicalSummary", "diagnoses", "phenotypes"] });
  progress(`contributions: ${CONTRIBUTIONS}, messages: ${MESSAGES}, an outcome draft`);
  const start = Date.now() - 10 * 86_400_000;
  await db.insert(panelContributions).values(
    Array.from({ length: CONTRIBUTIONS }, (_, i) => {
      const author = people[i];
      const at = new Date(start + i * 60_000);
      return {
        panelId: panel.id,
        authorSub: author?.sub ?? `bench-former-member-${i}`,
        authorName: author?.name ?? `Former Member ${i}`,
        assessment: paragraph(i, 150),
        investigations: paragraph(i + 1, 40),
        recommendation: paragraph(i + 2, 60),
        createdAt: at,
        updatedAt: at,
        submittedAt: at,
      };
    }),
  );
  await db.insert(panelMessages).values(
    Array.from({ length: MESSAGES }, (_, i) => ({
      panelId: panel.id,
      kind: i % 10 === 0 ? ("info_request" as const) : ("message" as const),
      authorSub: people[i % MEMBERS].sub,
      authorName: people[i % MEMBERS].name,
      body: `@${people[(i + 1) % MEMBERS].name} ${paragraph(i, 60)}`,
      mentions: [people[(i + 1) % MEMBERS].sub],
      createdAt: new Date(start + 86_400_000 + i * 60_000),
    })),
  );
  const [outcome] = await db
    .insert(panelOutcomes)
    .values({
      panelId: panel.id,
      revision: 3,
      summary: paragraph(1, 200),
      recommendation: paragraph(2, 300),
      investigations: paragraph(3, 100),
      followUp: paragraph(4, 80),
      contributions: Array.from({ length: CONTRIBUTIONS }, (_, i) => ({
        authorName: people[i]?.name ?? `Former Member ${i}`,
        recommendation: paragraph(i + 2, 60),
      })),
      authorSub: lead.sub,
      authorName: lead.name,
    })
    .returning();
  await db.insert(panelAgreements).values(members.map((m) => ({ outcomeId: outcome.id, sub: m.sub, name: m.name, revision: 3, agrees: true })));
  progress(`${extraPanels} more panels with the member in them`);
  for (let i = 0; i < extraPanels; i++) await makePanel(system, people[1 + (i % 3)], patient, { members: [people[1], lead] });
  await db.execute(sql`analyze`);
  return panel.id;
}

// ---------------------------------------------------------------- HTTP

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = readOptions({ panels: 50 }, 200);
  await onDatabase(options.database, progress, async () => {
    progress("starting the system on a fresh database");
    const system = await startCpmsTestSystem({ RATE_LIMIT_PER_MINUTE: "1000000", LOG_LEVEL: "silent" });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const seeding = performance.now();
      const people = await seedPeople(system);
      const panelId = await seedPanel(system, people, options.panels - 1);
      const seededIn = round((performance.now() - seeding) / 1000);
      progress(`seeded in ${seededIn} s`);

      const port = (system.server("cpms").server.address() as { port: number }).port;
      const cookieOf = (user: PanelTestUser) => `cpms_session=${user.browser.cookies.get("cpms_session")}`;
      const [lead, member] = people;
      const opened = JSON.parse((await get(agent, port, `/api/panels/${panelId}`, cookieOf(member))).body);
      const shown = { members: opened.panel?.members?.length, contributions: opened.panel?.contributions?.length, messages: opened.panel?.messages?.length };
      if (shown.contributions !== CONTRIBUTIONS) throw new Error(`the member's page shows ${JSON.stringify(shown)}: expected ${CONTRIBUTIONS} contributions`);
      const runs: [string, PanelTestUser, string][] = [
        ["panel page, as a member", member, `/api/panels/${panelId}`],
        ["panel page, as the lead", lead, `/api/panels/${panelId}`],
        ["my panels, as the member", member, "/api/panels"],
      ];
      const results: Record<string, Timing & { kB: number }> = {};
      for (const [kind, user, path] of runs) {
        progress(`${kind}: ${options.requests} requests`);
        const cookie = cookieOf(user);
        let bytes = 0;
        const timing = await timeRequests(
          [path],
          { requests: options.requests, warmUp: WARM_UP },
          (p) => get(agent, port, p, cookie),
          (answer) => {
            bytes = answer.body.length;
          },
        );
        results[kind] = { ...timing, kB: round(bytes / 1024) };
      }
      const figures = {
        database: system.database.kind === "pglite" ? "PGlite" : "PostgreSQL",
        cpus: os.availableParallelism(),
        panel: { ...shown, panelsOfTheMember: options.panels },
        seededSeconds: seededIn,
        results,
        note: "one user at a time, requests one after another over keep-alive HTTP on loopback, after a warm-up; each panel read audited",
      };
      if (options.json) {
        console.log(JSON.stringify(figures));
        return;
      }
      console.log(
        [
          `${"database".padEnd(32)}${figures.database}`,
          `${"machine".padEnd(32)}${figures.cpus} cpus`,
          `${"panel".padEnd(32)}${shown.members} members, ${shown.contributions} contributions, ${shown.messages} messages, an outcome draft; the member is in ${options.panels} panels (seeded in ${seededIn} s)`,
          ...Object.entries(results).map(
            ([kind, r]) => `${kind.padEnd(32)}median ${r.medianMs} ms   p95 ${r.p95Ms} ms   max ${r.maxMs} ms   (${r.requests} requests, ${r.kB} kB each)`,
          ),
          `${"note".padEnd(32)}${figures.note}`,
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
