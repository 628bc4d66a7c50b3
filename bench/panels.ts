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
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import { providers } from "../src/access/catalog/tables.ts";
import { startCpmsTestSystem } from "../src/cpms/authorizations/testing.ts";
import { panelAgreements, panelContributions, panelMessages, panelOutcomes } from "../src/cpms/panels/tables.ts";
import { enrolPatient, makePanel, type PanelTestUser, panelUser } from "../src/cpms/panels/testing.ts";
import { freePort } from "../src/platform/testing/test-system.ts";

const MEMBERS = 20;
const CONTRIBUTIONS = 100;
const MESSAGES = 50;
const WARM_UP = 10;
const began = performance.now();
const progress = (line: string) => process.stderr.write(`[bench +${Math.round((performance.now() - began) / 1000)} s] ${line}\n`);

function readOptions() {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "200" },
      panels: { type: "string", default: "50" },
      database: { type: "string", default: "postgres" },
      json: { type: "boolean", default: false },
    },
  });
  const positive = (raw: string, name: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not ${JSON.stringify(raw)}`);
    return n;
  };
  if (values.database !== "postgres" && values.database !== "pglite") throw new Error("--database is postgres or pglite");
  return { requests: positive(values.requests, "requests"), panels: positive(values.panels, "panels"), database: values.database, json: values.json };
}

/** Starts a PostgreSQL server in a temporary folder (as .ci/run does) and returns its URL and how to stop it. */
async function throwawayPostgres(): Promise<{ url: string; stop: () => void }> {
  const root = "/usr/lib/postgresql";
  const version = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error("no PostgreSQL in /usr/lib/postgresql: set DATABASE_URL, or use --database pglite");
  const bin = path.join(root, version, "bin");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-bench-pg-"));
  const asPostgres = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  if (asPostgres.length) execFileSync("chown", ["postgres", dir]);
  const run = (program: string, args: string[]) => {
    const [command, ...prefix] = [...asPostgres, path.join(bin, program)];
    execFileSync(command, [...prefix, ...args], { stdio: "ignore" });
  };
  const port = await freePort();
  run("initdb", ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres"]);
  run("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/log`, "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run("pg_ctl", ["-D", `${dir}/data`, "-m", "immediate", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

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

function get(agent: http.Agent, port: number, path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const round = (n: number) => Number(n.toFixed(2));

async function measure(path: string, requests: number, send: (path: string) => Promise<{ status: number; body: string }>) {
  for (let i = 0; i < WARM_UP; i++) await send(path);
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const answer = await send(path);
    latencies.push(performance.now() - started);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    bytes = answer.body.length;
  }
  latencies.sort((a, b) => a - b);
  return {
    requests,
    medianMs: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(latencies.at(-1) ?? 0),
    kB: round(bytes / 1024),
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = readOptions();
  let server: { url: string; stop: () => void } | null = null;
  if (options.database === "postgres" && !process.env.DATABASE_URL) {
    progress("starting a throwaway PostgreSQL server");
    server = await throwawayPostgres();
    process.env.DATABASE_URL = server.url;
  }
  if (options.database === "pglite") delete process.env.DATABASE_URL;
  try {
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
      const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
      for (const [kind, user, path] of runs) {
        progress(`${kind}: ${options.requests} requests`);
        const cookie = cookieOf(user);
        results[kind] = await measure(path, options.requests, (p) => get(agent, port, p, cookie));
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
  } finally {
    server?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
