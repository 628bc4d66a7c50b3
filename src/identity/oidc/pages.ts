/*
 * The few pages the provider draws itself, in identity's look and wording:
 * - "Sign out": asked when an application sends the user to end their
 *   session; when the application proves who it is signing out (a valid
 *   id_token_hint), the page submits itself (a script of this origin, as the
 *   CSP allows no inline script);
 * - "You have signed out", when no application waits for the user;
 * - an error page for requests that cannot go back to an application
 *   (unknown client, wrong redirect URI…): the reason, never a stack trace.
 */
import type { KoaContextWithOIDC } from "oidc-provider";
import type { Config } from "../../platform/config.ts";

export const LOGOUT_SCRIPT_PATH = "/oidc-sign-out.js";
export const LOGOUT_SCRIPT = `document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("op.logoutForm");
  if (form && form.dataset.auto === "yes") document.getElementById("sign-out").click();
});
`;

function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(title: string, body: string, script = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - OpenCPMS Login</title>
<meta name="viewport" content="width=device-width, initial-scale=1">${script}
<style>body{font-family:system-ui,sans-serif;background:#f8f9fa;color:#1a1b1e;margin:0}main{max-width:28rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
h1{font-size:1.4rem;margin-top:0}button{font:inherit;padding:.55rem 1.1rem;border-radius:4px;border:1px solid #1c7ed6;margin:.25rem .5rem .25rem 0;cursor:pointer}
.primary{background:#1c7ed6;color:#fff}.secondary{background:#fff;color:#1c7ed6}a{color:#1c7ed6}.brand{font-weight:700;color:#1c7ed6;margin-bottom:1.5rem}</style>
</head><body><main><div class="brand">OpenCPMS Login</div>${body}</main></body></html>`;
}

/** Widens the page's form-action to where the sign-out will redirect (browsers apply form-action to redirects after a form). */
function allowFormRedirectTo(ctx: KoaContextWithOIDC, target: string | undefined): void {
  const csp = ctx.response.get("content-security-policy");
  const origin = target ? URL.parse(target)?.origin : undefined;
  if (!csp || !origin || origin === "null") return;
  ctx.set(
    "content-security-policy",
    csp.replace(/form-action [^;]*/, (directive) => `${directive} ${origin}`),
  );
}

export function logoutPage(ctx: KoaContextWithOIDC, form: string): void {
  const client = ctx.oidc.client;
  const target = ctx.oidc.params?.post_logout_redirect_uri as string | undefined;
  allowFormRedirectTo(ctx, target);
  // Submits itself only for an application that showed a valid ID token it received for this user.
  const auto = client && ctx.oidc.entities.IdTokenHint ? "yes" : "no";
  const formWithFlag = form.replace('<form id="op.logoutForm"', `<form id="op.logoutForm" data-auto="${auto}"`);
  const from = client?.clientName ? ` and from ${escapeHtml(client.clientName)}` : "";
  ctx.type = "html";
  ctx.body = page(
    "Sign out",
    `<h1>Sign out</h1><p>Do you want to sign out of OpenCPMS Login${from}? You will need to sign in again to use the applications that rely on it.</p>
${formWithFlag}
<button id="sign-out" class="primary" type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Stay signed in</button>`,
    `<script src="${LOGOUT_SCRIPT_PATH}"></script>`,
  );
}

export function signedOutPage(ctx: KoaContextWithOIDC, config: Config): void {
  ctx.type = "html";
  ctx.body = page(
    "You have signed out",
    `<h1>You have signed out</h1><p>You have signed out of OpenCPMS Login. Close the browser if you are on a shared computer.</p>
<p><a href="${escapeHtml(config.urls.identity)}/login">Sign in again</a></p>`,
  );
}

const EXPLANATIONS: Record<string, string> = {
  invalid_client: "The application that sent you here is not registered with OpenCPMS Login.",
  invalid_redirect_uri: "The application that sent you here asked to return to an address it has not registered.",
  invalid_request: "The application that sent you here made a request that OpenCPMS Login cannot accept.",
  session_not_found: "This sign-in request has expired or was opened in another browser. Go back to the application and start again.",
};

export function errorPage(ctx: KoaContextWithOIDC, out: Record<string, unknown>, config: Config): void {
  const code = String(out.error ?? "server_error");
  const explanation =
    EXPLANATIONS[code] ??
    (code === "server_error" ? "Something went wrong on our side. Please try again in a moment." : "The sign-in request could not be completed.");
  const detail =
    code === "server_error"
      ? ""
      : `<p><small>Details for the application's administrator: ${escapeHtml(code)}${out.error_description ? ` — ${escapeHtml(out.error_description)}` : ""}</small></p>`;
  ctx.type = "html";
  ctx.body = page(
    "Sign-in could not continue",
    `<h1>Sign-in could not continue</h1><p>${escapeHtml(explanation)}</p>${detail}<p><a href="${escapeHtml(config.urls.identity)}/">Go to OpenCPMS Login</a></p>`,
  );
}

/** The page for a sign-in request that has expired or belongs to another browser. */
export function expiredRequestPage(config: Config): string {
  return page(
    "Sign-in could not continue",
    `<h1>Sign-in could not continue</h1><p>${escapeHtml(EXPLANATIONS.session_not_found)}</p><p><a href="${escapeHtml(config.urls.identity)}/">Go to OpenCPMS Login</a></p>`,
  );
}
