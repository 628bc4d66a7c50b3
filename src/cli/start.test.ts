/*
 * `npm start` as a newcomer runs it: a real process on an empty database
 * (a fresh DATA_DIR, or a fresh database when DATABASE_URL is set) that
 * serves the three services and prints their URLs and the demo users.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { DEMO_PASSWORD, DEMO_USERS } from "../identity/demo-data.ts";
import { openTestDatabase } from "../platform/testing/test-database.ts";
import { freePort } from "../platform/testing/test-system.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

test("npm start serves cpms, identity and access, and prints their URLs and the demo users", { timeout: 120_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-start-"));
  const database = process.env.DATABASE_URL ? await openTestDatabase() : null;
  const ports = { CPMS_PORT: await freePort(), IDENTITY_PORT: await freePort(), ACCESS_PORT: await freePort() };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
  delete env.NODE_TEST_CONTEXT;
  delete env.DATABASE_URL;
  if (database?.url) env.DATABASE_URL = database.url;
  const child = spawn("npm", ["start", "--silent"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  try {
    const deadline = Date.now() + 90_000;
    while (!output.includes("Demo users") && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    assert.match(output, /OpenCPMS is running\./, output);
    for (const [name, port] of Object.entries(ports)) {
      assert.ok(output.includes(`http://localhost:${port}`), `${name} URL printed`);
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { status: string }).status, "ok");
    }
    assert.ok(output.includes(`http://localhost:${ports.IDENTITY_PORT}/dev/outbox`));
    assert.ok(output.includes(DEMO_PASSWORD));
    for (const user of DEMO_USERS) assert.ok(output.includes(user.email), `${user.email} printed`);
    const login = await fetch(`http://127.0.0.1:${ports.IDENTITY_PORT}/login`);
    assert.equal(login.status, 200);
    assert.match(await login.text(), /<div id="root">/);
    if (!database) assert.ok(fs.existsSync(path.join(dataDir, "server.json")), "the server notes that it holds the embedded database");
    // Ctrl-C in a terminal interrupts the whole process group (npm, its shell, the server).
    process.kill(-(child.pid as number), "SIGINT");
    // npm itself ends by the signal it got; the server underneath shuts down cleanly.
    const { code, signal } = await exited;
    assert.ok(code === 0 || signal === "SIGINT", `ended with ${code ?? signal}`);
    assert.equal(fs.existsSync(path.join(dataDir, "server.json")), false, "the server removes its note when it stops");
    await assert.rejects(fetch(`http://127.0.0.1:${ports.IDENTITY_PORT}/healthz`), "the ports are closed");
  } finally {
    if (child.exitCode === null) {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    }
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
