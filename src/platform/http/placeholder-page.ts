/* A plain page for a service whose UI is still to come, linking to the sign-in service. */
import type { Server } from "./server.ts";

export function placeholderPage(app: Server, title: string, summary: string): void {
  const signIn = `${app.context.config.urls.identity}/login`;
  app.get("/", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1b1e}a{color:#1c7ed6}</style>
</head><body><h1>${title}</h1><p>${summary}</p>
<p>This part of OpenCPMS is being built. Meanwhile you can create an account and sign in at <a href="${signIn}">OpenCPMS Login</a>.</p>
</body></html>`),
  );
}
