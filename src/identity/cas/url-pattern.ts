/*
 * Which service URLs a registered pattern lets receive tickets.
 *
 * A pattern is a canonical absolute URL without query or fragment:
 * - `https://app.example.org/cas/callback` — exactly this path;
 * - `https://app.example.org/app/*` — `/app`, `/app/` and every path below;
 *   `*` only ever ends a pattern, right after a slash (`/app*` would also
 *   let `/application` in); `https://app.example.org/*` is the whole site.
 * Scheme, host and port must match exactly (no wildcard hosts, no other
 * port); `http:` only for this machine (localhost, 127.0.0.1, [::1]).
 * After a matching path, any query string is allowed.
 *
 * A service URL is considered only in the form every parser agrees on, so
 * no look-alike slips through: printable ASCII only (no spaces, control
 * characters, backslashes, quotes or angle brackets), no userinfo (`a@b`),
 * no fragment, and the part before `?` exactly as the WHATWG URL parser
 * writes it back (lower-case scheme and host, no default port, no `.` or
 * `..` segments). Paths with `%2e`, `%2f` or `%5c` (an encoded dot, slash
 * or backslash) or a `..;` segment are refused too: some servers decode or
 * strip them into a path outside the one registered.
 */

export type UrlPattern = { origin: string; path: string; isPrefix: boolean };

type Location = { origin: string; path: string };
type Refusal = { reason: string; canonical?: string };

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** The origin and path of a URL (its query aside) in the one form accepted, or why not. */
function locate(raw: string): Location | Refusal {
  if (!/^[\x21-\x7e]+$/.test(raw)) return { reason: "it may contain printable ASCII only: no spaces, a host in its xn-- form, the rest percent-encoded" };
  if (/[\\<>"'`^{|}]/.test(raw)) return { reason: "it contains a character that parsers read differently (\\ < > \" ' ` ^ { | })" };
  if (raw.includes("#")) return { reason: "it has a fragment (#…)" };
  const url = URL.parse(raw);
  if (!url) return { reason: "it is not an absolute URL" };
  if (url.protocol !== "https:" && url.protocol !== "http:") return { reason: "only https: URLs (and http: on localhost) can receive tickets" };
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.includes(url.hostname)) return { reason: "http: is allowed on localhost only: use https:" };
  if (url.username || url.password) return { reason: "it has a user name or password before the host (…@)" };
  const path = url.pathname;
  const canonical = `${url.origin}${path}`;
  if (raw.split("?", 1)[0] !== canonical) return { reason: "it is not in canonical form", canonical };
  if (/%(2e|2f|5c)/i.test(path)) return { reason: "its path has an encoded dot, slash or backslash (%2e, %2f, %5c)" };
  if (path.split("/").some((segment) => /^\.\.?(;|$)/.test(segment))) return { reason: "its path has a . or .. segment" };
  return { origin: url.origin, path };
}

/** The origin and path of a service URL that can receive tickets, or null. */
export function locateService(serviceUrl: string): Location | null {
  const located = locate(serviceUrl);
  return "reason" in located ? null : located;
}

/** Reads a pattern; throws an Error whose message tells the operator what is wrong with it. */
export function parseUrlPattern(raw: string): UrlPattern {
  const isPrefix = raw.endsWith("/*");
  const base = isPrefix ? raw.slice(0, -1) : raw;
  if (base.includes("*")) throw new Error("a * may only end the pattern, right after a slash, as in https://app.example.org/path/*");
  if (base.includes("?")) throw new Error("a pattern has no query string (any query is allowed after a matching path)");
  const located = locate(base);
  if ("reason" in located) {
    throw new Error(located.canonical ? `${located.reason}: write it as ${located.canonical}${isPrefix ? "*" : ""}` : located.reason);
  }
  return { ...located, isPrefix };
}

export function matchesPattern(pattern: UrlPattern, service: Location): boolean {
  if (service.origin !== pattern.origin) return false;
  if (!pattern.isPrefix) return service.path === pattern.path;
  // pattern.path ends with "/": "/app/" covers "/app" itself and everything below "/app/".
  return service.path.startsWith(pattern.path) || service.path === pattern.path.slice(0, -1);
}

/** When several patterns match, the most specific decides: an exact path, else the longest prefix. */
export function specificity(pattern: UrlPattern): number {
  return pattern.path.length * 2 + (pattern.isPrefix ? 0 : 1);
}
