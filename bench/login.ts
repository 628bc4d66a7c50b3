/*
 * Login throughput: how many password sign-ins per second the identity
 * service sustains, next to the ceiling argon2 alone allows on this machine.
 *
 *   node bench/login.ts [--clients N] [--seconds S] [--json]
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
 * 3. prints the figures (or one JSON object with --json). Progress goes to
 *    stderr. Measures only: no assertions.
 */
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { hashPassword, verifyPassword } from "../src/platform/crypto.ts";
import { startTestSystem } from "../src/platform/testing/test-system.ts";
import { addUser } from "../src/identity/accounts/add-user.ts";

const PASSWORD = "Lagoon-Violet-Cedar-42";
const USERS = 4;
const REQUEST_TIMEOUT_MS = 30_000;

type Options = { clients: number; seconds: number; json: boolean };

function readOptions(): Options {
  const { values } = parseArgs({
    options: { clients: { type: "string" }, seconds: { type: "string" }, json: { type: "boolean", default: false } },
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
    return { coresBusy: (used.user + used.system) / 1e6 / wall, eventLoopUtilization: performance.eventLoopUtilization(elu).utilization };
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
      { host: "127.0.0.1", port, method, path, agent, headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) } },
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

async function signInLoad(port: number, emails: string[], clients: number, seconds: number): Promise<Load> {
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

/** Counts the statements Drizzle sends (BEGIN/COMMIT apart), by setting the logger of the session it was built with. */
function countStatements(db: unknown): { statements: number; transactions: number } | null {
  const session = (db as { session?: { logger?: unknown; options?: { logger?: unknown } } }).session;
  if (!session?.options) return null;
  const counts = { statements: 0, transactions: 0 };
  const logger = {
    logQuery(query: string) {
      if (/^\s*begin\b/i.test(query)) counts.transactions++;
      else if (!/^\s*(commit|rollback)\b/i.test(query)) counts.statements++;
    },
  };
  session.logger = logger;
  session.options.logger = logger;
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

    const counts = countStatements(db);
    progress(`load: ${clients} clients → POST http://127.0.0.1:${port}/api/sign-in for ${seconds} s, one X-Forwarded-For per request`);
    const meter = cpuMeter();
    const before = counts ? { ...counts } : null;
    const load = await signInLoad(port, emails, clients, seconds);
    const usage = meter();
    const requests = load.ok + load.failed;
    // The warm-up sign-ins fall before the window, so only the measured requests are counted.
    const perSignIn = counts && before && requests ? (counts.statements - before.statements) / requests : Number.NaN;
    const txPerSignIn = counts && before && requests ? (counts.transactions - before.transactions) / requests : Number.NaN;

    const signInsPerSecond = load.ok / load.seconds;
    const ratio = (signInsPerSecond / argon.perSecond) * 100;
    const figures = {
      database: system.database.kind === "pglite" ? "PGlite" : "PostgreSQL",
      cpus: os.availableParallelism(),
      libuvThreadpool: threadpool,
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
        loadCoresBusy: round(usage.coresBusy, 2),
        loadEventLoopUtilization: round(usage.eventLoopUtilization, 2),
      },
      rateLimits: "one X-Forwarded-For per request (TRUST_PROXY=on), so the per-IP limit of /api/sign-in (30/min) does not throttle the load",
      interpretation: interpret(ratio, load.failed, usage.eventLoopUtilization),
    };

    if (options.json) {
      console.log(JSON.stringify(figures));
    } else {
      const lines = [
        `database            ${figures.database}`,
        `machine             ${figures.cpus} cpus, libuv threadpool ${threadpool} (argon2 runs there)`,
        `clients             ${clients} (keep-alive HTTP on loopback, same process as the server)`,
        `duration            ${figures.seconds} s`,
        `sign-ins            ${load.ok} → ${figures.signInsPerSecond} /s`,
        `latency             p50 ${figures.latencyMs.p50} ms   p95 ${figures.latencyMs.p95} ms   p99 ${figures.latencyMs.p99} ms`,
        `errors              ${load.failed}${load.failed ? ` ${JSON.stringify(load.statuses)}` : ""}`,
        `argon2 ceiling      ${figures.argon2VerifiesPerSecond} verifies/s (${clients} concurrent, ${figures.argon2Seconds} s)`,
        `ratio               ${figures.ratioPercent}% of the argon2 ceiling`,
        `db per sign-in      ${figures.dbStatementsPerSignIn} statements, ${figures.dbTransactionsPerSignIn} transactions (rate-limit counter included)`,
        `cpu                 argon2 phase ${figures.cpu.argon2CoresBusy} cores; load phase ${figures.cpu.loadCoresBusy} cores, event loop ${Math.round(usage.eventLoopUtilization * 100)}% busy`,
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

function interpret(ratio: number, errors: number, eventLoop: number): string {
  const errorNote = errors ? ` (${errors} requests failed: see errors)` : "";
  if (ratio >= 80) return `sign-in is bound by argon2: the rest of the path costs little${errorNote}.`;
  if (ratio >= 50) {
    return `argon2 dominates, but the rest of the path (HTTP, database, ${eventLoop > 0.8 ? "a saturated event loop" : "event loop"}) takes a real share of the machine${errorNote}.`;
  }
  return `sign-in runs far below the argon2 ceiling: the time goes elsewhere (${eventLoop > 0.8 ? "the event loop is saturated" : "waiting, e.g. on the database"}) — profile it${errorNote}.`;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
