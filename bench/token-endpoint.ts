/*
 * Token endpoint throughput: how many grants per second the OpenID Connect
 * provider answers at POST /oidc/token.
 *
 *   node bench/token-endpoint.ts [--clients N] [--seconds S] [--json]
 *   (or BENCH_CLIENTS / BENCH_SECONDS; DATABASE_URL selects PostgreSQL)
 *
 * 1. the whole system on a fresh database, listening on loopback; one
 *    confidential client registered as an operator would (addClient), with
 *    client credentials, and one user;
 * 2. client_credentials: N clients over real HTTP (keep-alive) loop
 *    `grant_type=client_credentials` with the client's secret (HTTP Basic)
 *    for S seconds, after a warm-up;
 * 3. refresh_token: the user signs in at identity with the password, then
 *    each of the N clients gets a refresh token through a real authorization
 *    code flow with PKCE and the code exchange, and refreshes in a chain for
 *    S seconds: refresh tokens rotate, so each request uses the token the
 *    previous answer gave;
 * 4. prints requests per second and p50/p95/p99 latency of each (or one JSON
 *    object with --json). Progress goes to stderr. Measures only: no
 *    assertions beyond checking that the answers are grants.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { addClient } from "../src/identity/oidc/clients.ts";
import { FetchBrowser } from "../src/platform/testing/fetch-browser.ts";
import { startTestSystem } from "../src/platform/testing/test-system.ts";

const PASSWORD = "Lagoon-Violet-Cedar-42";
const REDIRECT_URI = "https://bench.example/auth/callback";
// What the platform's own relying parties ask for (platform/http/oidc-sign-in.ts).
const SCOPE = "openid email profile";
const WARM_UP_REQUESTS = 20;
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
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

// ---------------------------------------------------------------- HTTP

let addresses = 0;
/** A new client address for every request, from the benchmarking range 198.18.0.0/15 (TRUST_PROXY=on). */
function nextAddress(): string {
  const n = addresses++ % (2 * 65_536);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

type Answer = { status: number; body: string };

function post(agent: http.Agent, port: number, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path,
        agent,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)), "x-forwarded-for": nextAddress() },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on("error", reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

type Load = { ok: number; failed: number; statuses: Record<string, number>; latencies: number[]; seconds: number };

/**
 * Runs one loop per worker until the deadline; `step` sends one request and
 * says whether it was a grant. Latencies of every request, failed ones too.
 */
async function runLoad<W>(workers: W[], seconds: number, step: (worker: W) => Promise<string>): Promise<Load> {
  const load: Load = { ok: 0, failed: 0, statuses: {}, latencies: [], seconds: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    workers.map(async (worker) => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        let status: string;
        try {
          status = await step(worker);
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
    }),
  );
  load.seconds = (performance.now() - started) / 1000;
  load.latencies.sort((a, b) => a - b);
  return load;
}

function figuresOf(load: Load) {
  return {
    grants: load.ok,
    seconds: round(load.seconds, 2),
    perSecond: round(load.ok / load.seconds),
    latencyMs: { p50: round(percentile(load.latencies, 50)), p95: round(percentile(load.latencies, 95)), p99: round(percentile(load.latencies, 99)) },
    errors: load.failed,
    errorsByStatus: load.statuses,
  };
}

// ---------------------------------------------------------------- grants

type Client = { clientId: string; authorization: string };

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function tokenHeaders(client: Client) {
  return { "content-type": "application/x-www-form-urlencoded", authorization: client.authorization, "user-agent": "opencpms-bench/token-endpoint" };
}

/** One client_credentials grant: its HTTP status ("200" when a token came back). */
async function clientCredentials(agent: http.Agent, port: number, client: Client): Promise<string> {
  const answer = await post(agent, port, "/oidc/token", tokenHeaders(client), form({ grant_type: "client_credentials" }));
  if (answer.status === 200 && !JSON.parse(answer.body).access_token) return "200 without access_token";
  return String(answer.status);
}

/** A browser keeping cookies, signed in at identity with the password. */
async function signedInBrowser(issuer: string, email: string): Promise<FetchBrowser> {
  const browser = new FetchBrowser();
  const signIn = await browser.api(issuer, "/api/sign-in", { email, password: PASSWORD, method: "password" });
  if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}: ${JSON.stringify(signIn.body)}`);
  return browser;
}

/**
 * A refresh token for `client`, the way a relying party gets one: the
 * signed-in browser's authorization request with PKCE comes back with a
 * code, and the code is exchanged at the token endpoint.
 */
async function firstRefreshToken(issuer: string, client: Client, browser: FetchBrowser): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${issuer}/oidc/auth`);
  url.search = form({
    client_id: client.clientId,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    state: randomBytes(16).toString("base64url"),
    nonce: randomBytes(16).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  const hops = await browser.follow(url, (next) => next.startsWith(REDIRECT_URI));
  const location = hops.at(-1)?.location;
  const code = location?.startsWith(REDIRECT_URI) ? new URL(location).searchParams.get("code") : null;
  if (!code) throw new Error(`no code came back: ${JSON.stringify(hops.map((hop) => [hop.status, hop.location]))}`);
  const exchanged = await fetch(`${issuer}/oidc/token`, {
    method: "POST",
    headers: tokenHeaders(client),
    body: form({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
  const tokens = (await exchanged.json()) as { refresh_token?: string };
  if (!tokens.refresh_token) throw new Error(`the code exchange gave no refresh token: ${JSON.stringify(tokens)}`);
  return tokens.refresh_token;
}

/** One refresh in a chain: sends the chain's current token and keeps the rotated one. */
async function refresh(agent: http.Agent, port: number, client: Client, chain: { token: string }): Promise<string> {
  const answer = await post(agent, port, "/oidc/token", tokenHeaders(client), form({ grant_type: "refresh_token", refresh_token: chain.token }));
  if (answer.status !== 200) return String(answer.status);
  const next = JSON.parse(answer.body).refresh_token as string | undefined;
  if (!next) return "200 without refresh_token";
  chain.token = next;
  return "200";
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const { clients, seconds, json } = readOptions();
  const watchdog = setTimeout(
    () => {
      console.error("[bench] gave up: the benchmark overran its time budget");
      process.exit(1);
    },
    2 * seconds * 1000 + 180_000,
  );
  watchdog.unref();

  progress("starting the system on a fresh database");
  const system = await startTestSystem({ TRUST_PROXY: "on", RATE_LIMIT_PER_MINUTE: "1000000", LOG_LEVEL: "silent" }, { listen: true });
  try {
    const { db } = system.database;
    const issuer = system.config.urls.identity;
    const port = (system.server("identity").server.address() as { port: number }).port;
    const registered = await addClient(db, { name: "Benchmark", redirectUris: [REDIRECT_URI], clientCredentials: true });
    const { clientId } = registered.client;
    const client = { clientId, authorization: `Basic ${Buffer.from(`${clientId}:${registered.clientSecret}`).toString("base64")}` };
    const { email } = await addUser(db, system.config, { email: "bench.user@bench.example", firstName: "Bench", lastName: "User", password: PASSWORD });
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const workers = Array.from({ length: clients }, (_, i) => i);

    try {
      progress(`client_credentials: warm-up, then ${clients} clients → POST ${issuer}/oidc/token for ${seconds} s`);
      for (let i = 0; i < WARM_UP_REQUESTS; i++) await clientCredentials(agent, port, client);
      const credentials = await runLoad(workers, seconds, () => clientCredentials(agent, port, client));

      progress(`refresh_token: a sign-in, then ${clients} authorization code flows with PKCE, one refresh chain each`);
      const browser = await signedInBrowser(issuer, email);
      const chains: { token: string }[] = [];
      for (const _ of workers) chains.push({ token: await firstRefreshToken(issuer, client, browser) });
      for (const chain of chains.slice(0, 1)) for (let i = 0; i < WARM_UP_REQUESTS; i++) await refresh(agent, port, client, chain);
      progress(`refresh_token: ${clients} chains → POST ${issuer}/oidc/token for ${seconds} s`);
      const refreshes = await runLoad(chains, seconds, (chain) => refresh(agent, port, client, chain));

      const database = system.database.kind === "pglite" ? "PGlite" : "PostgreSQL";
      const figures = {
        database,
        cpus: os.availableParallelism(),
        clients,
        clientCredentials: figuresOf(credentials),
        refreshToken: figuresOf(refreshes),
        note: "clients run in the server's process over keep-alive HTTP on loopback, one X-Forwarded-For per request (TRUST_PROXY=on) so no per-IP limit throttles the load",
      };
      if (json) {
        console.log(JSON.stringify(figures));
        return;
      }
      const line = (label: string, f: ReturnType<typeof figuresOf>) =>
        `${label.padEnd(20)}${f.grants} grants in ${f.seconds} s → ${f.perSecond} /s   p50 ${f.latencyMs.p50} ms   p95 ${f.latencyMs.p95} ms   p99 ${f.latencyMs.p99} ms   errors ${f.errors}${f.errors ? ` ${JSON.stringify(f.errorsByStatus)}` : ""}`;
      console.log(
        [
          `${"database".padEnd(20)}${database}`,
          `${"machine".padEnd(20)}${figures.cpus} cpus`,
          `${"clients".padEnd(20)}${clients} concurrent`,
          line("client_credentials", figures.clientCredentials),
          line("refresh_token", figures.refreshToken),
          `${"note".padEnd(20)}${figures.note}`,
        ].join("\n"),
      );
    } finally {
      agent.destroy();
    }
  } finally {
    progress("closing the system");
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
