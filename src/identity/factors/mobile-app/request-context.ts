/*
 * What the phone shows of a sign-in it is asked to approve: the application,
 * the browser and the place. Only words of our own or of the registry reach
 * the screen, never text a browser made up:
 * - the browser and system are named from a fixed list ("Chrome on
 *   Windows"), matched in the user agent, else "Unknown browser";
 * - the place is the client's address (no location database is used);
 * - the application is a registered relying party's name when the sign-in
 *   page says where it returns to and the service recognises it: a live
 *   OpenID Connect interaction (its uid is known only to the browser that
 *   started it; the client it names is looked up in the registry) or a
 *   /cas/login whose service URL matches a registered CAS service. Anything
 *   else is a sign-in to "OpenCPMS Login" itself.
 */
import { and, eq, gt } from "drizzle-orm";
import type { RequestOrigin } from "../../../platform/audit.ts";
import { sha256 } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/database.ts";
import { findCasService } from "../../cas/services.ts";
import { oidcClients, oidcPayloads } from "../../oidc/tables.ts";
import type { AppRequestContext } from "./tables.ts";

export const OWN_APPLICATION = "OpenCPMS Login";

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bCriOS\//, "Chrome"],
  [/\bChromium\//, "Chromium"],
  [/\bChrome\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const firstMatch = (list: [RegExp, string][], text: string) => list.find(([pattern]) => pattern.test(text))?.[1];

/** "Chrome on Windows", "Firefox", "A browser on Linux" or "Unknown browser". */
export function describeBrowser(userAgent: string | undefined): string {
  const text = (userAgent ?? "").slice(0, 500);
  const browser = firstMatch(BROWSERS, text);
  const system = firstMatch(SYSTEMS, text);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  return "Unknown browser";
}

/** The client's address as the service saw it (IPv4 without its IPv6 mapping). */
export function describePlace(ip: string | undefined): string {
  if (!ip) return "Unknown place";
  return ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
}

const INTERACTION = /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})(?:[/?#]|$)/;

/** The registered application a sign-in returns to (`returnTo` from the sign-in page), or OpenCPMS Login. */
export async function applicationFor(db: Db, returnTo: unknown): Promise<string> {
  if (typeof returnTo !== "string" || returnTo.length > 4000 || !returnTo.startsWith("/") || returnTo.startsWith("//")) return OWN_APPLICATION;
  const interaction = INTERACTION.exec(returnTo);
  if (interaction) return (await oidcClientName(db, interaction[1])) ?? OWN_APPLICATION;
  if (returnTo.startsWith("/cas/login?")) {
    const service = new URLSearchParams(returnTo.slice("/cas/login?".length)).get("service");
    if (service) return (await findCasService(db, service))?.name ?? OWN_APPLICATION;
  }
  return OWN_APPLICATION;
}

async function oidcClientName(db: Db, uid: string): Promise<string | undefined> {
  const [interaction] = await db
    .select({ payload: oidcPayloads.payload })
    .from(oidcPayloads)
    .where(and(eq(oidcPayloads.model, "Interaction"), eq(oidcPayloads.idHash, sha256(uid)), gt(oidcPayloads.expiresAt, new Date())));
  const clientId = (interaction?.payload as { params?: { client_id?: unknown } } | undefined)?.params?.client_id;
  if (typeof clientId !== "string") return undefined;
  const [client] = await db.select({ name: oidcClients.name }).from(oidcClients).where(eq(oidcClients.clientId, clientId));
  return client?.name;
}

export async function requestContext(db: Db, origin: RequestOrigin, returnTo: unknown): Promise<AppRequestContext> {
  return { application: await applicationFor(db, returnTo), browser: describeBrowser(origin.userAgent), place: describePlace(origin.ip) };
}
