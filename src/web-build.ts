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

export async function ensureWebBuilt(): Promise<void> {
  if (["identity", "access", "cpms"].every((entry) => fs.existsSync(path.join(WEB_DIST, entry, "index.html")))) return;
  console.log("Building the web UI (first start)…");
  await buildWeb();
}
