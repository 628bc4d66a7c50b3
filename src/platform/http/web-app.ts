/*
 * Serves a built single-page app (dist/web, built by Vite): hashed assets
 * under /assets/ with long caching, and the entry's index.html for every
 * other GET that is not an API call, so client-side routes load directly.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { Server } from "./server.ts";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../dist/web");

export async function serveWebApp(app: Server, entry: string): Promise<void> {
  const indexFile = path.join(WEB_DIST, entry, "index.html");
  if (!fs.existsSync(indexFile)) throw new Error(`The web UI is not built (${indexFile} is missing): run "npm run build:web".`);
  const indexHtml = fs.readFileSync(indexFile);
  await app.register(fastifyStatic, {
    root: path.join(WEB_DIST, "assets"),
    prefix: "/assets/",
    immutable: true,
    maxAge: "365d",
  });
  app.get("/*", (request, reply) => {
    if (request.url.startsWith("/api/")) return reply.callNotFound();
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(indexHtml);
  });
}
