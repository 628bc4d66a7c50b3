/*
 * The server-rendered pages of a relying party: one layout (no script, as
 * the CSP allows none inline); the sign-out form, a plain POST carrying the
 * CSRF token as a field; and the page shown when a sign-in cannot be
 * completed — the reason in plain words and a "Try again" link, never a
 * stack trace.
 */
import type { FastifyReply } from "fastify";

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A whole page; `body` is HTML already escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:0 1rem 3rem;color:#1a1b1e}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem;border-bottom:1px solid #dee2e6;padding:.75rem 0;margin-bottom:1.5rem}
header strong{font-size:1.1rem}header form{display:inline;margin:0}
.layout{display:grid;grid-template-columns:minmax(0,2fr) minmax(14rem,1fr);gap:2rem}@media(max-width:40rem){.layout{grid-template-columns:1fr}}
aside{border:1px solid #dee2e6;border-radius:8px;padding:1rem 1.25rem;align-self:start}
a{color:#1c7ed6}.button,button{display:inline-block;font:inherit;padding:.55rem 1.1rem;border-radius:4px;border:1px solid #1c7ed6;background:#1c7ed6;color:#fff;text-decoration:none;cursor:pointer}
button.quiet{background:#fff;color:#1c7ed6;padding:.3rem .8rem}.muted{color:#555;font-size:.9rem}</style>
</head><body>${body}</body></html>`;
}

/**
 * The sign-out button. Its answer redirects to identity's end_session_endpoint,
 * and browsers apply the page's CSP form-action to the redirects after a form:
 * the page's form-action is widened to identity's origin.
 */
export function signOutForm(reply: FastifyReply, label: string): string {
  const csp = reply.getHeader("content-security-policy");
  const identity = new URL(reply.server.context.config.urls.identity).origin;
  if (typeof csp === "string")
    reply.header(
      "content-security-policy",
      csp.replace(/form-action [^;]*/, (directive) => `${directive} ${identity}`),
    );
  return `<form method="post" action="/auth/logout"><input type="hidden" name="_csrf" value="${escapeHtml(reply.generateCsrf())}"><button type="submit" class="quiet">${escapeHtml(label)}</button></form>`;
}

export type SignInFailure = {
  status: number;
  title: string;
  explanation: string;
  /** Where "Try again" starts a new sign-in from. */
  returnTo: string;
};

export function signInFailedPage(service: string, failure: SignInFailure): string {
  const again = `/auth/login?returnTo=${encodeURIComponent(failure.returnTo)}`;
  return htmlPage(
    `${failure.title} - ${service}`,
    `<main><h1>${escapeHtml(failure.title)}</h1><p>${escapeHtml(failure.explanation)}</p>
<p><a class="button" href="${escapeHtml(again)}">Try again</a> <a href="/">Home page</a></p></main>`,
  );
}
