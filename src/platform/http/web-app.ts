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

/**
 * `signOutTo`: the sign-in service's address. The pages' sign-out posts a
 * form to /auth/logout, which redirects there: form-action must let that
 * redirect leave this origin.
 */
export async function serveWebApp(app: Server, entry: string, options: { signOutTo?: string } = {}): Promise<void> {
  const indexFile = path.join(WEB_DIST, entry, "index.html");
  if (!fs.existsSync(indexFile)) throw new Error(`The web UI is not built (${indexFile} is missing): run "npm run build:web".`);
  const indexHtml = fs.readFileSync(indexFile);
  await app.register(fastifyStatic, {
    root: path.join(WEB_DIST, "assets"),
    prefix: "/assets/",
    immutable: true,
    maxAge: "365d",
  });
  if (options.signOutTo) {
    const origin = new URL(options.signOutTo).origin;
    app.addHook("onSend", async (_request, reply, payload) => {
      const csp = reply.getHeader("content-security-policy");
      if (typeof csp === "string" && String(reply.getHeader("content-type") ?? "").startsWith("text/html"))
        reply.header(
          "content-security-policy",
          csp.replace(/form-action [^;]*/, (directive) => `${directive} ${origin}`),
        );
      return payload;
    });
  }
  app.get("/*", (request, reply) => {
    if (request.url.startsWith("/api/")) return reply.callNotFound();
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(indexHtml);
  });
}
