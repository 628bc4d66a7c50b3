/*
 * The pages CAS draws itself, in identity's look (the provider's page
 * frame): why a sign-in for an application could not continue — with a
 * line for the application's administrator when the request itself was
 * wrong — and "You have signed out". Every value is escaped.
 */
import type { Config } from "../../platform/config.ts";
import { page } from "../oidc/pages.ts";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function refusedPage(config: Config, refusal: { title: string; message: string; detail?: string }): string {
  const detail = refusal.detail ? `<p><small>Details for the application's administrator: ${escapeHtml(refusal.detail)}</small></p>` : "";
  return page(
    refusal.title,
    `<h1>${escapeHtml(refusal.title)}</h1><p>${escapeHtml(refusal.message)}</p>${detail}
<p><a href="${escapeHtml(config.urls.identity)}/account">My Account</a> · <a href="${escapeHtml(config.urls.identity)}/">OpenCPMS Login</a></p>`,
  );
}

export function signedOutPage(config: Config, note?: string): string {
  return page(
    "You have signed out",
    `<h1>You have signed out</h1><p>You have signed out of OpenCPMS Login. Close the browser if you are on a shared computer.</p>${note ? `<p>${escapeHtml(note)}</p>` : ""}
<p><a href="${escapeHtml(config.urls.identity)}/login">Sign in again</a></p>`,
  );
}
