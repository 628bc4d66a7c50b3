/*
 * The home page of a service whose UI is still to come, drawn on the server:
 * - signed out: what the service is, and a "Login" button to /auth/login;
 * - signed in: "Signed in as <name>" with the assurance level, and a sign-out
 *   button posting a plain form to /auth/logout with the CSRF token as a
 *   field (no script: the CSP allows none inline);
 * - never cached: it names the user and carries a CSRF token.
 */
import { currentUser, type SignedInUser } from "./oidc-sign-in.ts";
import { escapeHtml, htmlPage, signOutForm } from "./oidc-sign-in-pages.ts";
import type { Server } from "./server.ts";

/** A line of text, optionally ending with a link. */
export type Note = { text: string; link?: { label: string; href: string } };

export type HomePage = {
  /** Top left of every page, and the window title. */
  brand: string;
  title: string;
  tagline?: string;
  paragraphs: string[];
  login: { heading: string; text: string; button: string; notes: Note[] };
  signOut: string;
};

const note = ({ text, link }: Note) => `${escapeHtml(text)}${link ? ` <a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>` : ""}`;

function signedInHeader(user: SignedInUser, signOut: string): string {
  return `<span><span id="signed-in">Signed in as ${escapeHtml(user.name)}</span> <span class="muted">(assurance level: ${escapeHtml(user.acr)})</span>
${signOut}</span>`;
}

function loginBox(page: HomePage): string {
  const notes = page.login.notes.map((line) => `<li>${note(line)}</li>`).join("");
  return `<aside><h2>${escapeHtml(page.login.heading)}</h2><p>${escapeHtml(page.login.text)}</p>
<p><a class="button" href="/auth/login?returnTo=%2F">${escapeHtml(page.login.button)}</a></p>${notes ? `<ul class="muted">${notes}</ul>` : ""}</aside>`;
}

function signedInBox(user: SignedInUser): string {
  return `<aside><h2>Welcome, ${escapeHtml(user.name)}</h2><p>This part of OpenCPMS is being built: its pages will appear here.</p></aside>`;
}

export function placeholderPage(app: Server, page: HomePage): void {
  app.get("/", async (request, reply) => {
    const user = await currentUser(request);
    const header = `<header><strong>${escapeHtml(page.brand)}</strong>${user ? signedInHeader(user, signOutForm(reply, page.signOut)) : ""}</header>`;
    const about = `${page.tagline ? `<p><strong>${escapeHtml(page.tagline)}</strong></p>` : ""}${page.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join("")}`;
    const body = `${header}<div class="layout"><main><h1>${escapeHtml(page.title)}</h1>${about}</main>${user ? signedInBox(user) : loginBox(page)}</div>`;
    return reply.header("cache-control", "no-store").type("text/html; charset=utf-8").send(htmlPage(page.brand, body));
  });
}
