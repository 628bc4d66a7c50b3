/*
 * Two identity instances on one PostgreSQL database behave as one, as
 * behind a load balancer: instance 1 runs in this process, instance 2 is a
 * separate `opencpms start` (SERVICES=identity) whose IDENTITY_URL is its
 * own address. Everything they share goes through the database.
 * - a “Mobile App PIN Code” sign-in started on instance 1 is approved by the
 *   phone speaking to instance 2; instance 1's status and event stream see
 *   “approved” and the browser signs in there;
 * - a “Mobile App QR Code” sign-in started on instance 2 is finished on
 *   instance 1 with the code the phone computed from instance 2's QR code.
 * The phone is the real app logic (Authenticator). Its device is added in My
 * Account on instance 1, so the stored device names instance 1's URL: the
 * phone reaches instance 2 through a fetch that sends instance 1's URLs to
 * instance 2's address; for instance 2's QR link, the phone keeps the same
 * keys under instance 2's URL (the code depends on the question, the PIN and
 * the device secret only). The browser is a cookie jar over real HTTP,
 * shared by both addresses.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { freePort, startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { addUser } from "../../accounts/add-user.ts";
import { PENDING_COOKIE, SESSION_COOKIE } from "../../accounts/cookies.ts";
import { confirmSecondFactor, STRONG_PASSWORD } from "../../accounts/testing.ts";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { Authenticator, memoryStore, readEvents, type StoredDevice } from "./authenticator.ts";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const NODE = path.join(ROOT, "node_modules/.bin/node");
const PIN = "4831";

type Reply = { status: number; body: Record<string, unknown> & { [key: string]: unknown } };

/** A browser over real HTTP: one cookie jar for both instances (they serve one site). */
class HttpBrowser {
  readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  headers(): Record<string, string> {
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair.split("=");
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
  }

  async request(method: string, url: string, body?: unknown): Promise<Reply> {
    if (method !== "GET" && this.csrf === undefined) this.csrf = (await this.request("GET", new URL("/api/csrf", url).toString())).body.token as string;
    const headers: Record<string, string> = { ...this.headers(), accept: "application/json", origin: new URL(url).origin };
    if (method !== "GET") {
      headers["content-type"] = "application/json";
      headers["x-csrf-token"] = this.csrf as string;
    }
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    this.keep(response);
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Reply["body"] };
  }
}

/** Instance 2: `opencpms start` on the same database, serving identity only. */
async function startSecondInstance(databaseUrl: string): Promise<{ url: string; child: ChildProcess; output: () => string; dataDir: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-instance-2-"));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: databaseUrl,
    SERVICES: "identity",
    IDENTITY_PORT: String(port),
    IDENTITY_URL: url,
    DATA_DIR: dataDir,
    DEMO_DATA: "off",
    CAPTCHA: "off",
    RATE_LIMIT_PER_MINUTE: "100000",
    LOG_LEVEL: "warn",
  };
  const child = spawn(NODE, ["src/cli.ts", "start"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`instance 2 did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, child, output: () => output, dataDir };
}

/** A fetch that sends what is meant for `from` to `to`, noting the paths it sent there. */
function rerouted(from: string, to: string, sent: string[] = []): typeof fetch {
  return (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(from)) return Promise.reject(new TypeError(`unexpected ${url}`));
    sent.push(new URL(url).pathname);
    return fetch(to + url.slice(from.length), init);
  };
}

/** Waits on an event stream for a "status" event with `status`. */
async function streamSees(url: string, headers: Record<string, string>, status: string, started: Promise<unknown>): Promise<string[]> {
  const controller = new AbortController();
  const seen: string[] = [];
  const timer = setTimeout(() => controller.abort(), 15_000);
  try {
    const response = await fetch(url, { headers: { ...headers, accept: "text/event-stream" }, signal: controller.signal });
    assert.equal(response.status, 200);
    await started;
    await readEvents(response.body as ReadableStream<Uint8Array>, (event, data) => {
      if (event !== "status") return;
      seen.push((data as { status: string }).status);
      if (seen.includes(status)) controller.abort();
    }).catch((error) => {
      if (!controller.signal.aborted) throw error;
    });
  } finally {
    clearTimeout(timer);
  }
  return seen;
}

describe("Two identity instances on one database", { skip: !process.env.DATABASE_URL && "needs PostgreSQL: two instances share one database" }, () => {
  let system: System;
  let one: string;
  let two: { url: string; child: ChildProcess; output: () => string; dataDir: string };
  let device: StoredDevice;
  const email = "two.instances@hospital.example";
  before(async () => {
    system = await startTestSystem({ SERVICES: "identity" }, { listen: true });
    one = system.config.urls.identity.replace(/\/$/, "");
    const databaseUrl = (system.database as { url?: string }).url;
    assert.ok(databaseUrl, "the test database has a URL on PostgreSQL");
    two = await startSecondInstance(databaseUrl);

    await addUser(system.database.db, system.config, { email, firstName: "Jonas", lastName: "Berg", password: STRONG_PASSWORD });
    const myAccount = new TestBrowser(system.server("identity"));
    await myAccount.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    await confirmSecondFactor(system.database.db, myAccount);
    const added = await myAccount.post("/api/account/mobile-devices", { name: "Jonas's phone", pin: PIN, pinConfirmation: PIN });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    // Added on instance 1, initialised by a phone that reaches instance 2.
    const sent: string[] = [];
    const phone = new Authenticator({ store: memoryStore(), fetch: rerouted(one, two.url, sent) });
    device = await phone.initialise(added.body.link as string, PIN);
    assert.equal(device.server, one);
    assert.deepEqual(sent, ["/api/app/activate", "/api/app/activate/confirm"], "the phone spoke to instance 2 only");
    const listed = await myAccount.get("/api/account/mobile-devices");
    assert.equal(
      listed.body.devices.find((d: { id: string }) => d.id === device.deviceId)?.status,
      "active",
      "instance 1 sees the device instance 2 activated",
    );
  });
  after(async () => {
    if (two?.child && two.child.exitCode === null) {
      const ended = new Promise((resolve) => two.child.once("close", resolve));
      two.child.kill("SIGTERM");
      await ended;
    }
    if (two?.dataDir) fs.rmSync(two.dataDir, { recursive: true, force: true });
    await system?.close();
  });

  test("Mobile App PIN Code: started on instance 1, approved by the phone on instance 2; instance 1's status and stream see it, and it signs in (swk, pin)", async () => {
    const browser = new HttpBrowser();
    const started = await browser.request("POST", `${one}/api/sign-in`, { email, password: STRONG_PASSWORD, method: "mobile-app-pin" });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const shown = started.body.show as { requestId: string; number: number };
    assert.ok(browser.cookies.has(PENDING_COOKIE));

    const sent: string[] = [];
    const phone = new Authenticator({ store: memoryStore(), fetch: rerouted(one, two.url, sent) });
    const answered = (async () => {
      const request = (await phone.requests(device)).find((one) => one.id === shown.requestId);
      assert.ok(request, "instance 2 shows the phone the sign-in started on instance 1");
      assert.ok(request.numbers.includes(shown.number));
      await phone.answer(device, request, "approve", { number: shown.number, pin: PIN });
    })();
    const seen = await streamSees(`${one}/api/sign-in/mobile-app/events`, browser.headers(), "approved", answered);
    await answered;
    assert.deepEqual(sent, ["/api/app/requests", `/api/app/requests/${shown.requestId}/answer`], "the phone spoke to instance 2 only");
    assert.equal(seen.at(-1), "approved", `instance 1's stream: ${seen.join(", ")}`);
    assert.deepEqual(await browser.request("GET", `${one}/api/sign-in/mobile-app/status`).then((r) => r.body), { status: "approved", number: shown.number });

    const done = await browser.request("POST", `${one}/api/sign-in/second-factor`, { answer: {} });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual(done.body, { done: true, amr: ["pwd", "swk", "pin", "mfa"], acr: "substantial" });
    assert.ok(browser.cookies.has(SESSION_COOKIE));
    const session = await browser.request("GET", `${two.url}/api/session`);
    assert.equal((session.body.user as { email: string }).email, email, "the session opened on instance 1 is known to instance 2");
  });

  test("Mobile App QR Code: started on instance 2, its code accepted on instance 1 (otp, pin), and only once", async () => {
    const browser = new HttpBrowser();
    const started = await browser.request("POST", `${two.url}/api/sign-in`, { email, password: STRONG_PASSWORD, method: "mobile-app-qr" });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const link = (started.body.show as { link: string }).link;
    assert.ok(link.startsWith(`${two.url}/app/#/qr/`), link);

    // The same keys, known under instance 2's URL; the code needs no network.
    const phone = new Authenticator({
      store: memoryStore(),
      fetch: () => Promise.reject(new TypeError("offline")),
    });
    await phone.store.save({ ...device, server: two.url });
    const [{ code }] = await phone.codes(link, PIN);

    const wrong = await browser.request("POST", `${one}/api/sign-in/second-factor`, { answer: { code: code === "00000000" ? "11111111" : "00000000" } });
    assert.equal(wrong.status, 400, JSON.stringify(wrong.body));
    const done = await browser.request("POST", `${one}/api/sign-in/second-factor`, { answer: { code } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual([...(done.body.amr as string[])].sort(), ["mfa", "otp", "pin", "pwd"]);
    assert.equal(done.body.acr, "substantial");

    const again = new HttpBrowser();
    await again.request("POST", `${two.url}/api/sign-in`, { email, password: STRONG_PASSWORD, method: "mobile-app-qr" });
    const replayed = await again.request("POST", `${one}/api/sign-in/second-factor`, { answer: { code } });
    assert.notEqual(replayed.status, 200, "the code of another QR code does not sign in");
    assert.equal(again.cookies.has(SESSION_COOKIE), false);
  });
});
