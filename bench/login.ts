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
import { sql } from "drizzle-orm";
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

/** CPU time (ms) the whole machine spent busy, and stolen by the hypervisor, from /proc/stat (Linux; zeros elsewhere). */
function machineCpuMs(): { busy: number; steal: number } {
  try {
    const [, ...fields] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    return { busy: (user + nice + system + irq + softirq) * tick, steal: (steal || 0) * tick };
  } catch {
    return { busy: Number.NaN, steal: Number.NaN };
  }
}

/**
 * Process CPU time (all threads: main, libuv pool, PGlite) per wall second, the
 * main thread's busy share, and how much CPU the rest of the machine took
 * meanwhile (other processes, hypervisor steal): that skews the rates.
 */
function cpuMeter() {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const machine = machineCpuMs();
  const start = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - start;
    const loop = performance.eventLoopUtilization(elu);
    const cpuMs = (used.user + used.system) / 1000;
    const now = machineCpuMs();
    // Includes the PostgreSQL backends serving this run, when local: subtract them where known.
    const elsewhereMs = Math.max(0, now.busy - machine.busy - cpuMs) + (now.steal - machine.steal);
    return {
      cpuMs,
      wallMs,
      coresBusy: cpuMs / wallMs,
      elsewhereMs,
      eventLoopUtilization: loop.utilization,
      eventLoopActiveMs: loop.active,
    };
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

async function signInLoad(port: number, emails: string[], clients: number, seconds: number, onWindowStart: () => Promise<void>): Promise<Load> {
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
    await onWindowStart();
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

/**
 * CPU time (ms) of each PostgreSQL backend connected to this database, read
 * from /proc: empty when the server runs elsewhere.
 */
function postgresBackendsCpu(db: Db): () => Promise<Map<number, number>> {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  return async () => {
    const cpu = new Map<number, number>();
    const { rows } = (await db.execute(sql`select pid from pg_stat_activity where datname = current_database()`)) as unknown as {
      rows: { pid: number }[];
    };
    for (const { pid } of rows) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * tick); // utime, stime
      } catch {
        // not on this machine
      }
    }
    return cpu;
  };
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
  progress(`argon2 ceiling: ${clients} concurrent verifyPassword for ${argonSeconds} s (cpus ${os.availableParallelism()}, libuv threadpool ${threadpool})`);
  const argon = await argon2Ceiling(clients, argonSeconds);

  progress("starting the system on a fresh database");
  const system = await startTestSystem({ TRUST_PROXY: "on", RATE_LIMIT_PER_MINUTE: "1000000", LOG_LEVEL: "silent" }, { listen: true });
  try {
    const identity = system.server("identity");
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
    const backends = system.database.kind === "postgres" ? postgresBackendsCpu(db) : undefined;
    let backendsBefore = new Map<number, number>();
    let meter = cpuMeter();
    let before = { statements: 0, transactions: 0 };
    const load = await signInLoad(port, emails, clients, seconds, async () => {
      if (backends) backendsBefore = await backends();
      meter = cpuMeter();
      before = { statements: counts?.statements ?? 0, transactions: counts?.transactions ?? 0 };
      counts?.texts.clear();
      profiler?.post("Profiler.start").catch((error) => progress(`profiler: ${(error as Error).message}`));
    });
    const usage = meter();
    const after = counts ? { statements: counts.statements, transactions: counts.transactions } : before;
    const backendsAfter = backends ? await backends() : undefined;
    // CPU of the PostgreSQL server processes serving this database (only when they run on this machine).
    let backendCpuMs = Number.NaN;
    if (backendsAfter?.size) {
      backendCpuMs = 0;
      for (const [pid, ms] of backendsAfter) backendCpuMs += ms - (backendsBefore.get(pid) ?? 0);
    }
    if (profiler && options.profile) {
      const { profile } = await profiler.post("Profiler.stop");
      fs.writeFileSync(options.profile, JSON.stringify(profile));
      profiler.disconnect();
      progress(`CPU profile of the main thread written to ${options.profile}`);
    }
    const requests = load.ok + load.failed;
    // Counted from the start of the measured window: CSRF and warm-up requests excluded.
    const perSignIn = counts && requests ? (after.statements - before.statements) / requests : Number.NaN;
    const txPerSignIn = counts && requests ? (after.transactions - before.transactions) / requests : Number.NaN;
    if (options.statements && counts) {
      for (const [text, n] of [...counts.texts].sort((a, b) => b[1] - a[1])) progress(`${(n / requests).toFixed(2)}/sign-in  ${text}`);
    }

    const signInsPerSecond = load.ok / load.seconds;
    const ratio = (signInsPerSecond / argon.perSecond) * 100;
    const database = system.database.kind === "pglite" ? "PGlite" : "PostgreSQL";
    const cpus = os.availableParallelism();
    const argonMs = argon.cpuMs / argon.verifies;
    const processMs = usage.cpuMs / requests;
    const postgresMs = backendCpuMs / requests;
    const totalMs = processMs + (Number.isFinite(postgresMs) ? postgresMs : 0);
    const othersCores = {
      argon2: argon.elsewhereMs / argon.wallMs,
      load: Math.max(0, usage.elsewhereMs - (Number.isFinite(backendCpuMs) ? backendCpuMs : 0)) / usage.wallMs,
    };
    const figures = {
      database,
      cpus,
      libuvThreadpool: threadpool,
      otherWorkCores: { argon2Phase: round(othersCores.argon2, 2), loadPhase: round(othersCores.load, 2) },
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
        argon2MsPerVerify: round(argonMs),
        loadCoresBusy: round(usage.coresBusy, 2),
        processMsPerSignIn: round(processMs),
        postgresMsPerSignIn: round(postgresMs),
        argon2SharePercent: round((argonMs / totalMs) * 100),
        eventLoopUtilization: round(usage.eventLoopUtilization, 2),
        mainThreadMsPerSignIn: round(usage.eventLoopActiveMs / requests),
      },
      rateLimits: "one X-Forwarded-For per request (TRUST_PROXY=on), so the per-IP limit of /api/sign-in (30/min) does not throttle the load",
      interpretation: interpret({
        ratio,
        errors: load.failed,
        eventLoop: usage.eventLoopUtilization,
        coresBusy: (usage.cpuMs + (Number.isFinite(backendCpuMs) ? backendCpuMs : 0)) / usage.wallMs,
        cpus,
        busyMachine: Math.max(othersCores.argon2, othersCores.load) > 0.2,
        argonMs,
        processMs,
        postgresMs,
        database,
      }),
    };

    if (options.json) {
      console.log(JSON.stringify(figures));
    } else {
      const { cpu } = figures;
      const lines = [
        `database            ${database}`,
        `machine             ${cpus} cpus, libuv threadpool ${threadpool} (argon2 runs there), other work on the machine ${figures.otherWorkCores.argon2Phase} cores (argon2 phase), ${figures.otherWorkCores.loadPhase} cores (load phase)`,
        `clients             ${clients} (keep-alive HTTP on loopback, in the server's process)`,
        `duration            ${figures.seconds} s`,
        `sign-ins            ${load.ok} → ${figures.signInsPerSecond} /s`,
        `latency             p50 ${figures.latencyMs.p50} ms   p95 ${figures.latencyMs.p95} ms   p99 ${figures.latencyMs.p99} ms`,
        `errors              ${load.failed}${load.failed ? ` ${JSON.stringify(load.statuses)}` : ""}`,
        `argon2 ceiling      ${figures.argon2VerifiesPerSecond} verifies/s (${clients} concurrent, ${figures.argon2Seconds} s, ${cpu.argon2CoresBusy} cores busy)`,
        `ratio               ${figures.ratioPercent}% of the argon2 ceiling`,
        `db per sign-in      ${figures.dbStatementsPerSignIn} statements, ${figures.dbTransactionsPerSignIn} transactions (rate-limit counter included)`,
        `cpu per sign-in     ${cpu.processMsPerSignIn} ms this process (server + clients)${Number.isFinite(postgresMs) ? ` + ${cpu.postgresMsPerSignIn} ms PostgreSQL backends` : ""}; argon2 alone ${cpu.argon2MsPerVerify} ms per verify = ${cpu.argon2SharePercent}%`,
        `main thread         ${Math.round(usage.eventLoopUtilization * 100)}% busy, ${cpu.mainThreadMsPerSignIn} ms per sign-in (wall time, includes waiting for a CPU); ${cpu.loadCoresBusy} cores busy in the process`,
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
  busyMachine: boolean;
  argonMs: number;
  processMs: number;
  postgresMs: number;
  database: string;
}): string {
  const notes: string[] = [];
  if (f.busyMachine) notes.push("Other work took a share of the CPUs during the run, so both rates are skewed: the CPU split is the steadier figure.");
  if (f.errors) notes.push(`${f.errors} requests failed (see errors).`);
  const other = f.processMs - f.argonMs;
  const split =
    `a sign-in costs ${Math.round(f.processMs)} ms of CPU in this process${Number.isFinite(f.postgresMs) ? ` and ${Math.round(f.postgresMs)} ms in PostgreSQL` : ""}, ` +
    `argon2 ${Math.round(f.argonMs)} ms of it; the other ${Math.round(other)} ms in the process are HTTP (server and clients), Fastify, Drizzle` +
    (f.database === "PGlite" ? " and PGlite running the SQL on the main thread" : " and the pg driver");
  const saturation =
    f.eventLoop > 0.9
      ? "The main thread is saturated: it, not argon2, sets the pace."
      : f.coresBusy > 0.85 * f.cpus
        ? "The CPUs are saturated."
        : "Neither the main thread nor the CPUs are saturated: the load is latency-bound (more clients would go faster).";
  let verdict: string;
  if (f.ratio >= 80) verdict = `Sign-in is bound by argon2: ${split}.`;
  else if (f.ratio >= 50) verdict = `argon2 dominates, but the rest of the path takes a real share: ${split}. ${saturation}`;
  else verdict = `Sign-in runs far below the argon2 ceiling: ${split}. ${saturation}`;
  return [verdict, ...notes].join(" ");
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
