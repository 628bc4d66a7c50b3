/*
 * The OpenCPMS Authenticator as served by identity: its page, manifest,
 * service worker and icons answer with the right types under the strict
 * CSP, the service worker may control /app/ and caches a shell that is all
 * there (so the app starts offline), and the sign-in pages' catch-all never
 * answers under /app/.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Server } from "../platform/http/server.ts";
import { startTestSystem } from "../platform/testing/test-system.ts";
import type { System } from "../system.ts";

describe("the OpenCPMS Authenticator at /app", () => {
  let system: System;
  let identity: Server;
  before(async () => {
    system = await startTestSystem();
    identity = system.servers.identity as Server;
  });
  after(() => system.close());

  const get = (url: string) => identity.inject({ method: "GET", url });
  const cspOf = (headers: Record<string, unknown>) => String(headers["content-security-policy"]);

  it("/app redirects to /app/, keeping the query", async () => {
    const response = await get("/app?source=mail");
    assert.equal(response.statusCode, 301);
    assert.equal(response.headers.location, "/app/?source=mail");
  });

  it("/app/ is the app's own page, with no inline script, under a CSP that allows scripts from the service only", async () => {
    const response = await get("/app/");
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^text\/html; charset=utf-8/);
    assert.match(response.body, /<title>OpenCPMS Authenticator<\/title>/);
    assert.match(response.body, /<link rel="manifest" href="\/app\/manifest.webmanifest"/);
    const scripts = [...response.body.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.match(tag, /src="\/assets\/[^"]+\.js"/, `${tag} loads a file`);
    const scriptSrc = /script-src ([^;]*)/.exec(cspOf(response.headers))?.[1];
    assert.equal(scriptSrc, "'self'");
    assert.match(cspOf(response.headers), /frame-ancestors 'none'/);
  });

  it("the manifest makes it an installable standalone app of scope /app/, with icons that are served", async () => {
    const response = await get("/app/manifest.webmanifest");
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^application\/manifest\+json/);
    const manifest = response.json();
    assert.equal(manifest.name, "OpenCPMS Authenticator");
    assert.equal(manifest.start_url, "/app/");
    assert.equal(manifest.scope, "/app/");
    assert.equal(manifest.display, "standalone");
    const sizes = manifest.icons.map((icon: { sizes: string }) => icon.sizes);
    assert.ok(sizes.includes("192x192") && sizes.includes("512x512"), "the sizes browsers need to offer installing");
    for (const icon of manifest.icons) {
      const served = await get(icon.src);
      assert.equal(served.statusCode, 200, icon.src);
      assert.equal(served.headers["content-type"], icon.type, icon.src);
      if (icon.type === "image/png") assert.deepEqual([...served.rawPayload.subarray(1, 4)], [0x50, 0x4e, 0x47], `${icon.src} is a PNG`);
    }
  });

  it("the service worker is JavaScript allowed to control /app/, and every file of the shell it caches is served", async () => {
    const response = await get("/app/service-worker.js");
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^text\/javascript/);
    assert.equal(response.headers["service-worker-allowed"], "/app/");
    assert.equal(response.headers["cache-control"], "no-cache", "a new build's worker is found at once");
    assert.match(response.body, /^const VERSION = "[0-9a-f]{16}";\nconst SHELL = \[/);
    assert.match(response.body, /addEventListener\("push"/);
    const shell: string[] = JSON.parse(/^const SHELL = (.*);$/m.exec(response.body)?.[1] ?? "[]");
    const page = (await get("/app/")).body;
    const loaded = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map(([, url]) => url);
    for (const url of ["/app/", "/app/manifest.webmanifest", ...loaded]) assert.ok(shell.includes(url), `the shell holds ${url}`);
    assert.ok(
      shell.some((url) => /\/assets\/jsQR-/.test(url)),
      "the QR code reader, loaded only when the camera starts, is cached too",
    );
    for (const url of shell) assert.equal((await get(url)).statusCode, 200, `${url} is served`);
  });

  it("an unknown address under /app/ is not found, not the sign-in pages; the sign-in pages are still served elsewhere", async () => {
    const unknown = await get("/app/nothing-here");
    assert.equal(unknown.statusCode, 404);
    assert.doesNotMatch(unknown.body, /<html/);
    const icon = await get("/app/icons/..%2F..%2F..%2Fpackage.json");
    assert.equal(icon.statusCode, 404);
    const signIn = await get("/login");
    assert.equal(signIn.statusCode, 200);
    assert.match(signIn.body, /<title>OpenCPMS Login<\/title>/);
  });
});
