/*
 * Login throughput: how many password sign-ins per second the identity
 * service sustains, next to the ceiling argon2 alone allows on this machine.
 *
 *   node bench/login.ts [--clients N] [--seconds S] [--json] [--statements] [--profile FILE]
 *   (or BENCH_CLIENTS / BENCH_SECONDS; DATABASE_URL selects PostgreSQL)
 *
 * 1. argon2 ceiling: N concurrent verifyPassword() for S/2 seconds, with the
 *    server's own parameters (a hash made by hashPassword);
 * 2. the whole system on a fresh database, listening on loopback; a few users
 *    made with addUser; N clients over real HTTP (keep-alive) each fetch a
 *    CSRF token once, then loop POST /api/sign-in with the right password for
 *    S seconds. Each request carries its own X-Forwarded-For (198.18.0.0/15,
 *    TRUST_PROXY=on) so the per-IP limit of /api/sign-in (30/min) does not
 *    throttle the load;
 * 3. prints the figures (or one JSON object with --json), with the database
 *    statements and transactions per sign-in (--statements lists them on
 *    stderr). --profile FILE writes a CPU profile of the main thread during
 *    the measured window (open it in Chrome DevTools). Progress goes to
 *    stderr. Measures only: no assertions.
 */
import fs from "node:fs";
import http from "node:http";
import inspector from "node:inspector/promises";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { hashPassword, verifyPassword } from "../src/platform/crypto.ts";
import { startTestSystem } from "../src/platform/testing/test-system.ts";
import { addUser } from "../src/identity/accounts/add-user.ts";
import type { Db } from "../src/platform/db/database.ts";

const PASSWORD = "Lagoon-Violet-Cedar-42";
const USERS = 4;
const REQUEST_TIMEOUT_MS = 30_000;

type Options = { clients: number; seconds: number; json: boolean; statements: boolean; profile: string | undefined };

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      clients: { type: "string" },
      seconds: { type: "string" },
      json: { type: "boolean", default: false },
      statements: { type: "boolean", default: false },
      profile: { type: "string" },
    },
    allowPositionals: false,
  });
  const number = (raw: string | undefined, fallback: number, name: string) => {
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
    return n;
  };
  return {
    clients: Math.floor(number(values.clients ?? process.env.BENCH_CLIENTS, 8, "clients")),
    seconds: number(values.seconds ?? process.env.BENCH_SECONDS, 10, "seconds"),
    json: values.json ?? false,
    statements: values.statements ?? false,
    profile: values.profile,
  };
}

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** Process CPU time (all threads: main, libuv pool, PGlite) per wall second, and the main thread's busy share. */
function cpuMeter() {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    const wall = (performance.now() - start) / 1000;
    const loop = performance.eventLoopUtilization(elu);
    const cpuMs = (used.user + used.system) / 1000;
    return { cpuMs, coresBusy: cpuMs / 1000 / wall, eventLoopUtilization: loop.utilization, eventLoopActiveMs: loop.active };
  };
}

// ---------------------------------------------------------------- argon2 ceiling

async function argon2Ceiling(concurrency: number, seconds: number) {
  const hash = await hashPassword(PASSWORD);
  await verifyPassword(hash, PASSWORD); // warm-up
  let done = 0;
  const meter = cpuMeter();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      if (!(await verifyPassword(hash, PASSWORD))) throw new Error("verifyPassword refused the right password");
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { verifies: done, seconds: elapsed, perSecond: done / elapsed, ...meter() };
}

// ---------------------------------------------------------------- HTTP

type Response = { status: number; headers: http.IncomingHttpHeaders; body: string };

function request(agent: http.Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent,
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on("error", reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

let addresses = 0;
/** A new client address for every request, from the benchmarking range 198.18.0.0/15. */
function nextAddress(): string {
  const n = addresses++ % (2 * 65_536);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

function cookieFrom(headers: http.IncomingHttpHeaders, name: string): string {
  for (const line of headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    if (pair.startsWith(`${name}=`)) return pair;
  }
  throw new Error(`the server set no ${name} cookie`);
}

type Load = { ok: number; failed: number; statuses: Record<string, number>; latencies: number[]; seconds: number };

async function signInLoad(port: number, emails: string[], clients: number, seconds: number, onWindowStart: () => void): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const common = { "user-agent": "opencpms-bench/login" };
  try {
    // Each client: its CSRF token and cookie once, and one sign-in as warm-up (not counted).
    const sessions = await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const csrf = await request(agent, port, "GET", "/api/csrf", { ...common, "x-forwarded-for": nextAddress() });
        if (csrf.status !== 200) throw new Error(`GET /api/csrf answered ${csrf.status}: ${csrf.body}`);
        const headers = {
          ...common,
          "content-type": "application/json",
          cookie: cookieFrom(csrf.headers, "identity_csrf"),
          "x-csrf-token": JSON.parse(csrf.body).token as string,
        };
        const body = JSON.stringify({ email: emails[i % emails.length], password: PASSWORD, method: "password" });
        const warm = await request(agent, port, "POST", "/api/sign-in", { ...headers, "x-forwarded-for": nextAddress() }, body);
        if (warm.status !== 200) throw new Error(`warm-up sign-in answered ${warm.status}: ${warm.body}`);
        return { headers, body };
      }),
    );

    const load: Load = { ok: 0, failed: 0, statuses: {}, latencies: [], seconds: 0 };
    onWindowStart();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const client = async ({ headers, body }: { headers: Record<string, string>; body: string }) => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        let status: string;
        try {
          status = String((await request(agent, port, "POST", "/api/sign-in", { ...headers, "x-forwarded-for": nextAddress() }, body)).status);
        } catch (error) {
          status = `network: ${(error as Error).message}`;
        }
        load.latencies.push(performance.now() - sent);
        if (status === "200") load.ok++;
        else {
          load.failed++;
          load.statuses[status] = (load.statuses[status] ?? 0) + 1;
        }
      }
    };
    await Promise.all(sessions.map(client));
    load.seconds = (performance.now() - started) / 1000;
    load.latencies.sort((a, b) => a - b);
    return load;
  } finally {
    agent.destroy();
  }
}

/**
 * Counts what the service asks of the database: statements Drizzle sends (by
 * setting the logger of the session it was built with; BEGIN/COMMIT apart) and
 * transactions opened on the shared db object. Null when Drizzle's shape differs.
 */
function countDatabaseWork(db: Db): { statements: number; transactions: number; texts: Map<string, number> } | null {
  const session = (db as unknown as { session?: { logger?: unknown; options?: { logger?: unknown } } }).session;
  if (!session?.options) return null;
  const counts = { statements: 0, transactions: 0, texts: new Map<string, number>() };
  const logger = {
    logQuery(query: string) {
      if (/^\s*(begin|commit|rollback)\b/i.test(query)) return;
      counts.statements++;
      const head = query.replace(/\s+/g, " ").slice(0, 70);
      counts.texts.set(head, (counts.texts.get(head) ?? 0) + 1);
    },
  };
  session.logger = logger;
  session.options.logger = logger;
  const transaction = db.transaction.bind(db);
  db.transaction = ((...args: Parameters<Db["transaction"]>) => {
    counts.transactions++;
    return transaction(...args);
  }) as Db["transaction"];
  return counts;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = readOptions();
  const { clients, seconds } = options;
  const argonSeconds = seconds / 2;
  // Bounded in time, whatever happens: argon2 phase, start-up, load, clean-up.
  const watchdog = setTimeout(
    () => {
      console.error("[bench] gave up: the benchmark overran its time budget");
      process.exit(1);
    },
    (argonSeconds + seconds) * 1000 + 180_000,
  );
  watchdog.unref();

  const threadpool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  // Other work on the machine skews both figures: shown so a reader can judge.
  const loadStart = os.loadavg()[0];
  progress(`argon2 ceiling: ${clients} concurrent verifyPassword for ${argonSeconds} s (cpus ${os.availableParallelism()}, libuv threadpool ${threadpool})`);
  const argon = await argon2Ceiling(clients, argonSeconds);

  progress("starting the system on a fresh database");
  const system = await startTestSystem({ TRUST_PROXY: "on", RATE_LIMIT_PER_MINUTE: "1000000", LOG_LEVEL: "silent" }, { listen: true });
  try {
    const identity = system.servers.identity;
    if (!identity) throw new Error("the identity service did not start");
    const port = (identity.server.address() as { port: number }).port;
    const { db } = system.database;
    const emails: string[] = [];
    for (let i = 1; i <= USERS; i++) {
      const user = await addUser(db, system.config, { email: `bench.user${i}@bench.example`, firstName: "Bench", lastName: `User ${i}`, password: PASSWORD });
      emails.push(user.email);
    }

    const counts = countDatabaseWork(db);
    progress(`load: ${clients} clients → POST http://127.0.0.1:${port}/api/sign-in for ${seconds} s, one X-Forwarded-For per request`);
    const profiler = options.profile ? new inspector.Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.setSamplingInterval", { interval: 500 });
    }
    let meter = cpuMeter();
    let before = { statements: 0, transactions: 0 };
    const load = await signInLoad(port, emails, clients, seconds, () => {
      meter = cpuMeter();
      before = { statements: counts?.statements ?? 0, transactions: counts?.transactions ?? 0 };
      counts?.texts.clear();
      profiler?.post("Profiler.start").catch((error) => progress(`profiler: ${(error as Error).message}`));
    });
    if (profiler && options.profile) {
      const { profile } = await profiler.post("Profiler.stop");
      fs.writeFileSync(options.profile, JSON.stringify(profile));
      profiler.disconnect();
      progress(`CPU profile of the main thread written to ${options.profile}`);
    }
    const usage = meter();
    const requests = load.ok + load.failed;
    // Counted from the start of the measured window: CSRF and warm-up requests excluded.
    const perSignIn = counts && requests ? (counts.statements - before.statements) / requests : Number.NaN;
    const txPerSignIn = counts && requests ? (counts.transactions - before.transactions) / requests : Number.NaN;
    if (options.statements && counts) {
      for (const [text, n] of [...counts.texts].sort((a, b) => b[1] - a[1])) progress(`${(n / requests).toFixed(2)}/sign-in  ${text}`);
    }

    const signInsPerSecond = load.ok / load.seconds;
    const ratio = (signInsPerSecond / argon.perSecond) * 100;
    const figures = {
      database: system.database.kind === "pglite" ? "PGlite" : "PostgreSQL",
      cpus: os.availableParallelism(),
      libuvThreadpool: threadpool,
      loadAverage: { start: round(loadStart, 2), end: round(os.loadavg()[0], 2) },
      clients,
      seconds: round(load.seconds, 2),
      signIns: load.ok,
      signInsPerSecond: round(signInsPerSecond),
      latencyMs: { p50: round(percentile(load.latencies, 50)), p95: round(percentile(load.latencies, 95)), p99: round(percentile(load.latencies, 99)) },
      errors: load.failed,
      errorsByStatus: load.statuses,
      argon2VerifiesPerSecond: round(argon.perSecond),
      argon2Seconds: round(argon.seconds, 2),
      ratioPercent: round(ratio),
      dbStatementsPerSignIn: round(perSignIn, 2),
      dbTransactionsPerSignIn: round(txPerSignIn, 2),
      cpu: {
        argon2CoresBusy: round(argon.coresBusy, 2),
        argon2CpuMsPerVerify: round(argon.cpuMs / argon.verifies),
        loadCoresBusy: round(usage.coresBusy, 2),
        loadEventLoopUtilization: round(usage.eventLoopUtilization, 2),
        cpuMsPerSignIn: round(usage.cpuMs / requests),
        mainThreadMsPerSignIn: round(usage.eventLoopActiveMs / requests),
      },
      rateLimits: "one X-Forwarded-For per request (TRUST_PROXY=on), so the per-IP limit of /api/sign-in (30/min) does not throttle the load",
      interpretation: interpret({
        ratio,
        errors: load.failed,
        eventLoop: usage.eventLoopUtilization,
        coresBusy: usage.coresBusy,
        cpus: os.availableParallelism(),
        mainMs: usage.eventLoopActiveMs / requests,
        argonMs: argon.cpuMs / argon.verifies,
        database: system.database.kind === "pglite" ? "PGlite" : "PostgreSQL",
      }),
    };

    if (options.json) {
      console.log(JSON.stringify(figures));
    } else {
      const lines = [
        `database            ${figures.database}`,
        `machine             ${figures.cpus} cpus, libuv threadpool ${threadpool} (argon2 runs there), load average ${figures.loadAverage.start} → ${figures.loadAverage.end}`,
        `clients             ${clients} (keep-alive HTTP on loopback, same process as the server)`,
        `duration            ${figures.seconds} s`,
        `sign-ins            ${load.ok} → ${figures.signInsPerSecond} /s`,
        `latency             p50 ${figures.latencyMs.p50} ms   p95 ${figures.latencyMs.p95} ms   p99 ${figures.latencyMs.p99} ms`,
        `errors              ${load.failed}${load.failed ? ` ${JSON.stringify(load.statuses)}` : ""}`,
        `argon2 ceiling      ${figures.argon2VerifiesPerSecond} verifies/s (${clients} concurrent, ${figures.argon2Seconds} s)`,
        `ratio               ${figures.ratioPercent}% of the argon2 ceiling`,
        `db per sign-in      ${figures.dbStatementsPerSignIn} statements, ${figures.dbTransactionsPerSignIn} transactions (rate-limit counter included)`,
        `cpu                 argon2 phase ${figures.cpu.argon2CoresBusy} cores, ${figures.cpu.argon2CpuMsPerVerify} ms per verify`,
        `                    load phase ${figures.cpu.loadCoresBusy} cores, ${figures.cpu.cpuMsPerSignIn} ms per sign-in; event loop ${Math.round(usage.eventLoopUtilization * 100)}% busy, ${figures.cpu.mainThreadMsPerSignIn} ms per sign-in (server and clients share it)`,
        `note                ${figures.rateLimits}`,
        `interpretation      ${figures.interpretation}`,
      ];
      console.log(lines.join("\n"));
    }
  } finally {
    progress("closing the system");
    await system.close();
  }
}

function interpret(f: {
  ratio: number;
  errors: number;
  eventLoop: number;
  coresBusy: number;
  cpus: number;
  mainMs: number;
  argonMs: number;
  database: string;
}): string {
  const errorNote = f.errors ? ` ${f.errors} requests failed (see errors).` : "";
  if (f.ratio >= 80) return `sign-in is bound by argon2: the rest of the path costs little.${errorNote}`;
  const costs = `${Math.round(f.mainMs)} ms of main-thread work per sign-in against ${Math.round(f.argonMs)} ms of argon2 CPU per verify`;
  let where: string;
  if (f.eventLoop > 0.9) {
    where = `the main thread is saturated (${costs}${f.database === "PGlite" ? "; PGlite executes SQL on it" : ""}) and shares the CPUs with argon2`;
  } else if (f.coresBusy > 0.85 * f.cpus) {
    where = `the CPUs are saturated (${costs})`;
  } else {
    where = `neither the main thread nor the CPUs are saturated (${costs}): the clients wait in turn (latency-bound: more clients, or waiting on the database)`;
  }
  if (f.ratio >= 50) return `argon2 dominates, but the rest of the path takes a real share: ${where}.${errorNote}`;
  return `sign-in runs far below the argon2 ceiling: ${where}.${errorNote}`;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
