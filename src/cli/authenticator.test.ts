/*
 * `opencpms authenticator` as a real process is the phone: a listening
 * identity service, a user who adds a device in My Account (the browser
 * side), and the command initialising it from the link, approving a
 * “Mobile App PIN Code” sign-in with the browser's number and the PIN,
 * denying one it heard of by `listen`, and computing the “Mobile App QR
 * Code” code offline — with no browser on the phone side. Bad paths: a
 * wrong PIN, a text that is not a link, a missing PIN without a terminal, a
 * store that is not ours, an unknown device to remove.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { TestBrowser } from "../platform/testing/http-client.ts";
import { startTestSystem } from "../platform/testing/test-system.ts";
import type { System } from "../system.ts";
import { SESSION_COOKIE } from "../identity/accounts/cookies.ts";
import { addUser } from "../identity/accounts/add-user.ts";
import { confirmSecondFactor, STRONG_PASSWORD } from "../identity/accounts/testing.ts";
import { NOT_A_LINK } from "../identity/factors/mobile-app/authenticator.ts";
import { mobileDevices } from "../identity/factors/mobile-app/tables.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NODE = path.join(ROOT, "node_modules/.bin/node");
const PIN = "4831";
const SCRIPT = "/usr/bin/script";
const EMAIL = "authenticator.cli@hospital.example";
/** Loaded before the command: any call to fetch fails, as without network. */
const OFFLINE = "--import=data:text/javascript,globalThis.fetch=()=>Promise.reject(new%20TypeError())";

type Run = { code: number | null; stdout: string; stderr: string };

function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent" };
  // The command needs no database and no configuration: give it none.
  delete result.DATABASE_URL;
  delete result.DATA_DIR;
  delete result.NODE_TEST_CONTEXT;
  delete result.OPENCPMS_AUTHENTICATOR_PIN;
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

function spawnCommand(args: string[], env: Record<string, string | undefined> = {}): ChildProcess {
  return spawn(NODE, ["src/cli.ts", "authenticator", ...args], { cwd: ROOT, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
}

function authenticator(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnCommand(args, env);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const show = (run: Run) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;

describe("opencpms authenticator, the phone as a command", () => {
  let system: System;
  let dir: string;
  let store: string;
  let link: string;
  before(async () => {
    system = await startTestSystem({ SERVICES: "identity" }, { listen: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-authenticator-"));
    store = path.join(dir, "config", "authenticator.json");
    await addUser(system.database.db, system.config, { email: EMAIL, firstName: "Petra", lastName: "Novak", password: STRONG_PASSWORD });
    const myAccount = new TestBrowser(system.server("identity"));
    await myAccount.post("/api/sign-in", { email: EMAIL, password: STRONG_PASSWORD, method: "password" });
    await confirmSecondFactor(system.database.db, myAccount);
    const added = await myAccount.post("/api/account/mobile-devices", { name: "Work laptop", pin: PIN, pinConfirmation: PIN });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    link = added.body.link;
  });
  after(async () => {
    await system.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const startSignIn = async (method: "mobile-app-pin" | "mobile-app-qr") => {
    const browser = new TestBrowser(system.server("identity"));
    const started = await browser.post("/api/sign-in", { email: EMAIL, password: STRONG_PASSWORD, method });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.method, method);
    return { browser, show: started.body.show };
  };

  test("init with the link from My Account initialises the device, kept in a file only its owner reads", async () => {
    assert.match(link, /\/app\/#\/init\//);
    // No database and no server configuration: a broken one is not even read.
    const dataDir = path.join(dir, "data");
    const run = await authenticator(["init", link, "--pin", PIN, "--store", store], { DATA_DIR: dataDir, IDENTITY_PORT: "not-a-port" });
    assert.equal(run.code, 0, show(run));
    assert.equal(fs.existsSync(dataDir), false, "no embedded database was opened");
    assert.equal(run.stdout.trim(), `Initialised “Work laptop” for ${EMAIL} on ${system.config.urls.identity}.`);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(PIN), "the PIN is never printed");
    assert.equal(fs.statSync(store).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(store)).mode & 0o777, 0o700);
    const saved = JSON.parse(fs.readFileSync(store, "utf8"));
    assert.equal(saved.devices.length, 1);
    assert.equal(saved.devices[0].privateKey.kty, "EC", "the private key is kept as a JWK");
    assert.deepEqual(fs.readdirSync(path.dirname(store)), ["authenticator.json"], "nothing left aside");
  });

  test("a Mobile App PIN Code sign-in: requests shows it; a wrong PIN is refused with the tries left; the browser's number and the PIN approve it (swk, pin)", async () => {
    const { browser, show: shown } = await startSignIn("mobile-app-pin");

    const listed = await authenticator(["requests", "--json", "--store", store]);
    assert.equal(listed.code, 0, show(listed));
    const requests = JSON.parse(listed.stdout);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].id, shown.requestId);
    assert.ok(requests[0].numbers.includes(shown.number), "one of the three numbers is the browser's");
    assert.equal(requests[0].numbers.length, 3);
    for (const field of ["application", "browser", "place", "time"]) assert.equal(typeof requests[0][field], "string", field);
    assert.equal(requests[0].nonce, undefined, "the signed nonce is not for scripts");

    const wrong = await authenticator(["approve", "--number", String(shown.number), "--pin", "9999", "--store", store]);
    assert.equal(wrong.code, 1, show(wrong));
    assert.match(wrong.stderr, /Wrong PIN code\. 4 tries left\./);
    assert.equal((await browser.get("/api/sign-in/mobile-app/status")).body.status, "pending", "a wrong PIN does not answer");

    const approved = await authenticator(["approve", "--number", String(shown.number), "--store", store], { OPENCPMS_AUTHENTICATOR_PIN: PIN });
    assert.equal(approved.code, 0, show(approved));
    assert.match(approved.stdout, /^Approved the sign-in to /);
    assert.equal((await browser.get("/api/sign-in/mobile-app/status")).body.status, "approved");
    const done = await browser.post("/api/sign-in/second-factor", { answer: {} });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual(done.body, { done: true, amr: ["pwd", "swk", "pin", "mfa"], acr: "substantial" });
    assert.ok(browser.cookies.has(SESSION_COOKIE));
  });

  test("listen prints a new sign-in as it arrives; deny refuses it, and the browser gets no session", async () => {
    const listener = spawnCommand(["listen", "--json", "--store", store]);
    let heard = "";
    listener.stdout?.on("data", (chunk) => {
      heard += chunk;
    });
    const ended = new Promise<number | null>((resolve) => listener.once("close", (code) => resolve(code)));
    try {
      // Started before or after the listener connects, the sign-in is printed: the stream begins with what is waiting.
      let said = "";
      listener.stderr?.on("data", (chunk) => {
        said += chunk;
      });
      const { browser, show: shown } = await startSignIn("mobile-app-pin");
      const deadline = Date.now() + 10_000;
      while (!heard.includes(shown.requestId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(heard.includes(shown.requestId), `listen printed the sign-in\nstdout: ${heard}\nstderr: ${said}`);
      const printed = JSON.parse(heard.trim().split("\n").at(-1) as string);
      assert.ok(printed.numbers.includes(shown.number));

      const denied = await authenticator(["deny", "--request", shown.requestId, "--store", store]);
      assert.equal(denied.code, 0, show(denied));
      assert.match(denied.stdout, /^Denied the sign-in to /);
      assert.equal((await browser.get("/api/sign-in/mobile-app/status")).body.status, "denied");
      const refused = await browser.post("/api/sign-in/second-factor", { answer: {} });
      assert.ok(refused.status >= 400, JSON.stringify(refused.body));
      assert.equal(browser.cookies.has(SESSION_COOKIE), false);
    } finally {
      listener.kill("SIGINT");
    }
    assert.equal(await ended, 0, "Ctrl-C ends listen cleanly");
  });

  test("a Mobile App QR Code sign-in: code prints the 8-digit code from the link, and the browser signs in with it (otp, pin)", async () => {
    const { browser, show: shown } = await startSignIn("mobile-app-qr");
    // No network for the command: its fetch fails, the code needs none.
    const run = await authenticator(["code", shown.link, "--pin", PIN, "--store", store], { NODE_OPTIONS: OFFLINE });
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^\d{8}\n$/);
    const done = await browser.post("/api/sign-in/second-factor", { answer: { code: run.stdout.trim() } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual([...done.body.amr].sort(), ["mfa", "otp", "pin", "pwd"]);
    assert.equal(done.body.acr, "substantial");
  });

  test("without --pin on a terminal, the PIN is asked and not echoed", { skip: !fs.existsSync(SCRIPT) && "needs script(1) for a terminal" }, async () => {
    const { browser, show: shown } = await startSignIn("mobile-app-qr");
    const command = [NODE, "src/cli.ts", "authenticator", "code", shown.link, "--store", store].map((part) => `'${part}'`).join(" ");
    // script(1) runs the command on a pseudo-terminal: its stdin is a TTY.
    const terminal = spawn(SCRIPT, ["-qec", command, "/dev/null"], { cwd: ROOT, env: childEnv({}), stdio: ["pipe", "pipe", "pipe"] });
    let screen = "";
    terminal.stdout?.on("data", (chunk) => {
      screen += chunk;
    });
    const ended = new Promise<number | null>((resolve) => terminal.once("close", (code) => resolve(code)));
    const deadline = Date.now() + 10_000;
    while (!screen.includes("Your 4 digit PIN code: ") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(screen.includes("Your 4 digit PIN code: "), screen);
    terminal.stdin?.write(`${PIN}\r`);
    assert.equal(await ended, 0, screen);
    assert.doesNotMatch(screen, new RegExp(PIN), "the PIN is not echoed");
    const code = /\b(\d{8})\b/.exec(screen)?.[1];
    assert.ok(code, screen);
    const done = await browser.post("/api/sign-in/second-factor", { answer: { code } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
  });

  test("refusals: not a link (1), no PIN without a terminal (2), several waiting sign-ins without --request (2), a store that is not ours (1, left as it was)", async () => {
    const first = await startSignIn("mobile-app-pin");
    const second = await startSignIn("mobile-app-pin");
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "{ not json");
    const [listed, notALink, noPin, ambiguous, corrupt] = await Promise.all([
      authenticator(["list", "--store", store]),
      authenticator(["code", "https://example.org/some/page", "--pin", PIN, "--store", store]),
      authenticator(["code", `${system.config.urls.identity}/app/#/qr/ABCDEFGHJK`, "--store", store]),
      authenticator(["approve", "--number", String(first.show.number), "--pin", PIN, "--store", store]),
      authenticator(["list", "--store", broken]),
    ]);
    assert.equal(listed.code, 0, show(listed));
    assert.match(listed.stdout, new RegExp(`^[0-9a-f-]{36}  “Work laptop” for ${EMAIL.replace(/\./g, "\\.")} on `));
    assert.equal(notALink.code, 1, show(notALink));
    assert.equal(notALink.stderr.trim(), NOT_A_LINK);
    assert.equal(noPin.code, 2, show(noPin));
    assert.match(noPin.stderr, /Missing --pin/);
    assert.equal(ambiguous.code, 2, show(ambiguous));
    assert.match(ambiguous.stderr, /Several sign-ins are waiting/);
    assert.ok(ambiguous.stderr.includes(`--request ${first.show.requestId}`) && ambiguous.stderr.includes(`--request ${second.show.requestId}`));
    assert.equal((await first.browser.get("/api/sign-in/mobile-app/status")).body.status, "pending", "nothing was answered");
    assert.equal(corrupt.code, 1, show(corrupt));
    assert.match(corrupt.stderr, /cannot be read \(it is not JSON\)/);
    assert.equal(fs.readFileSync(broken, "utf8"), "{ not json", "never overwritten");
  });

  test("remove forgets the device here only, and says where to remove it from the account; an unknown id is refused", async () => {
    const deviceId = JSON.parse(fs.readFileSync(store, "utf8")).devices[0].deviceId;
    const removed = await authenticator(["remove", deviceId, "--store", store]);
    assert.equal(removed.code, 0, show(removed));
    assert.match(removed.stdout, /^Forgot “Work laptop” .* remove it in My Account → Manage my mobile devices\.$/m);
    assert.deepEqual(JSON.parse(fs.readFileSync(store, "utf8")).devices, []);
    assert.equal(fs.statSync(store).mode & 0o777, 0o600, "rewritten readable by its owner only");
    const [row] = await system.database.db.select().from(mobileDevices).where(eq(mobileDevices.id, deviceId));
    assert.equal(row.status, "active", "the account still has the device");
    const again = await authenticator(["remove", deviceId, "--store", store]);
    assert.equal(again.code, 1, show(again));
    assert.match(again.stderr, /No device .* is kept in /);
  });
});
