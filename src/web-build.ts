/* Builds the web UI with Vite: at `npm install`, or on the first start if it is missing. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WEB_DIST } from "./platform/http/web-app.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function buildWeb(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: path.join(ROOT, "web/vite.config.ts"), logLevel: "warn" });
}

/** The entries of web/vite.config.ts: a build missing one of them (an older one) is rebuilt. */
const ENTRIES = ["identity", "access", "cpms", "app"];

export async function ensureWebBuilt(): Promise<void> {
  if (ENTRIES.every((entry) => fs.existsSync(path.join(WEB_DIST, entry, "index.html")))) return;
  console.log("Building the web UI (first start)…");
  await buildWeb();
}
