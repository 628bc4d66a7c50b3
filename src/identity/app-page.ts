/*
 * The OpenCPMS Authenticator, an installable web app served at /app/:
 * - /app/ is the built page (dist/web/app/index.html; its scripts and styles
 *   are the hashed /assets/ every web app shares), under the same strict CSP
 *   as every page: no inline script;
 * - /app/manifest.webmanifest (application/manifest+json) makes it
 *   installable: standalone, scope and start URL /app/;
 * - /app/service-worker.js (text/javascript, Service-Worker-Allowed: /app/)
 *   is web/app/service-worker.js preceded by the build's VERSION and the app
 *   shell's SHELL: the page, every asset it loads (lazy chunks included), the
 *   manifest and the icons — so the app starts, and the Mobile App QR Code
 *   method works, offline;
 * - /app/icons/* are the icons in web/app/icons.
 * These routes are more specific than the sign-in pages' catch-all, which
 * therefore never answers under /app/. A missing build answers 503 instead of
 * stopping the service.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Problem } from "../platform/http/errors.ts";
import type { Server } from "../platform/http/server.ts";
import { WEB_DIST } from "../platform/http/web-app.ts";

const APP_SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/app");
const ICONS: Record<string, string> = {
  "icon.svg": "image/svg+xml",
  "icon-192.png": "image/png",
  "icon-512.png": "image/png",
};

export const APP_MANIFEST = {
  id: "/app/",
  name: "OpenCPMS Authenticator",
  short_name: "Authenticator",
  description: "Approve your OpenCPMS Login sign-ins and generate sign-in codes, even offline.",
  start_url: "/app/",
  scope: "/app/",
  display: "standalone",
  orientation: "portrait",
  background_color: "#f1f3f5",
  theme_color: "#3b5bdb",
  icons: [
    { src: "/app/icons/icon.svg", sizes: "any", type: "image/svg+xml" },
    { src: "/app/icons/icon-192.png", sizes: "192x192", type: "image/png" },
    { src: "/app/icons/icon-512.png", sizes: "512x512", type: "image/png" },
    { src: "/app/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
  ],
};

type Built = { indexHtml: string; serviceWorker: string };

/** The built page and the service worker made for it; read once, when first asked for. */
function loadBuilt(): Built | null {
  const indexFile = path.join(WEB_DIST, "app", "index.html");
  if (!fs.existsSync(indexFile)) return null;
  const indexHtml = fs.readFileSync(indexFile, "utf8");
  const shell = ["/app/", "/app/manifest.webmanifest", ...Object.keys(ICONS).map((name) => `/app/icons/${name}`), ...assetsOf(indexHtml)];
  const source = fs.readFileSync(path.join(APP_SOURCE, "service-worker.js"), "utf8");
  const version = createHash("sha256").update(indexHtml).update(source).update(JSON.stringify(APP_MANIFEST)).digest("hex").slice(0, 16);
  const serviceWorker = `const VERSION = ${JSON.stringify(version)};\nconst SHELL = ${JSON.stringify(shell)};\n${source}`;
  return { indexHtml, serviceWorker };
}

/** Every /assets/ file the page loads, directly or through the scripts and styles it loads. */
function assetsOf(indexHtml: string): string[] {
  const directory = path.join(WEB_DIST, "assets");
  const files = fs.existsSync(directory) ? fs.readdirSync(directory) : [];
  const found = new Set<string>();
  const visit = (text: string) => {
    for (const file of files)
      if (!found.has(file) && text.includes(file)) {
        found.add(file);
        if (/\.(js|css)$/.test(file)) visit(fs.readFileSync(path.join(directory, file), "utf8"));
      }
  };
  visit(indexHtml);
  return [...found].sort().map((file) => `/assets/${file}`);
}

const notBuilt = () => new Problem(503, "Service Unavailable", 'The OpenCPMS Authenticator is not built: run "npm run build:web".');

export function authenticatorAppRoutes(app: Server): void {
  let built: Built | null = null;
  const current = () => {
    built ??= loadBuilt();
    if (!built) throw notBuilt();
    return built;
  };

  app.get("/app", (request, reply) => {
    const query = request.url.indexOf("?");
    return reply.redirect(`/app/${query >= 0 ? request.url.slice(query) : ""}`, 301);
  });

  app.get("/app/", (_request, reply) => reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(current().indexHtml));

  app.get("/app/manifest.webmanifest", (_request, reply) =>
    reply.type("application/manifest+json; charset=utf-8").header("cache-control", "no-cache").send(JSON.stringify(APP_MANIFEST)),
  );

  app.get("/app/service-worker.js", (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("service-worker-allowed", "/app/").header("cache-control", "no-cache").send(current().serviceWorker),
  );

  app.get<{ Params: { name: string } }>("/app/icons/:name", (request, reply) => {
    const type = ICONS[request.params.name];
    if (!type) return reply.callNotFound();
    return reply
      .type(type)
      .header("cache-control", "public, max-age=86400")
      .send(fs.readFileSync(path.join(APP_SOURCE, "icons", request.params.name)));
  });

  app.get("/app/*", (_request, reply) => reply.callNotFound());
}
