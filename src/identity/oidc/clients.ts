/*
 * The registry of OpenID Connect relying parties (`opencpms clients`, the
 * administration page); the provider reads the same table (adapter.ts).
 * - a client id is 22 random letters and digits; a confidential client's
 *   secret is 32 random bytes (base64url), handed out once and stored as its
 *   SHA-256 only;
 * - every URI is absolute http(s), with no fragment, no wildcard and no user
 *   name or password; https is required, except for localhost and 127.0.0.1
 *   when the platform itself runs on plain http (a development set-up);
 * - an application that signs users in has at least one redirect URI; a
 *   client-credentials service without one signs no one in, so it has no
 *   sign-out addresses either;
 * - grant types: authorization_code and refresh_token, plus
 *   client_credentials when asked; a public client (PKCE, no secret) cannot
 *   use client_credentials;
 * - the platform's own clients (cpms, access) are registered at start from
 *   the configuration: they are neither removed nor given a new secret here.
 */
import { randomInt } from "node:crypto";
import { asc, desc, eq, sql } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import { randomToken, sha256 } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { BadRequest, Conflict, type FieldError, NotFound } from "../../platform/http/errors.ts";
import type { Assurance } from "../factors/factor.ts";
import { oidcClients, oidcPayloads } from "./tables.ts";

export type NewClient = {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  acr?: Assurance;
  public?: boolean;
  clientCredentials?: boolean;
};

/** A registered client as it may be shown: everything but the secret's hash. */
export type OidcClient = Omit<typeof oidcClients.$inferSelect, "secretHash"> & { isPublic: boolean };

export type UriRules = {
  /** http://localhost and http://127.0.0.1 accepted: the platform runs on plain http itself. */
  allowLoopbackHttp: boolean;
};

/** A sign-in service on plain http is a development set-up: its relying parties may be too, on this machine. */
export function uriRules(config: Config): UriRules {
  return { allowLoopbackHttp: !config.urls.identity.startsWith("https:") };
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const MAX_URIS = 20;
const MAX_URI_LENGTH = 2000;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

// Letters and digits only: an id never starts with "-", which a command line would read as an option.
function newClientId(): string {
  return Array.from({ length: 22 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
}

function shown({ secretHash, ...client }: typeof oidcClients.$inferSelect): OidcClient {
  return { ...client, isPublic: secretHash === null };
}

/** Why `raw` cannot be registered, or null when it can. */
export function uriProblem(raw: string, rules: UriRules): string | null {
  if (raw.length > MAX_URI_LENGTH) return `An address must be at most ${MAX_URI_LENGTH} characters long.`;
  if (raw.includes("*")) return `"${raw}" contains a wildcard: register each address in full.`;
  const url = URL.parse(raw);
  if (!url || !/^https?:$/.test(url.protocol)) return `"${raw}" is not an absolute http(s) address, like https://app.hospital.eu/callback.`;
  if (raw.includes("#")) return `"${raw}" has a fragment (#…): an address must not have one.`;
  if (url.username || url.password) return `"${raw}" contains a user name or password: an address must not.`;
  if (url.protocol === "http:" && !(rules.allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname))) {
    return rules.allowLoopbackHttp ? `"${raw}" must use https (plain http is accepted for localhost and 127.0.0.1 only).` : `"${raw}" must use https.`;
  }
  return null;
}

function uniqueTrimmed(uris: string[]): string[] {
  return [...new Set(uris.map((uri) => uri.trim()).filter(Boolean))];
}

/** The client's row, or every field error that prevents it (all at once, so a form can show them together). */
function validated(input: NewClient, rules: UriRules) {
  const errors: FieldError[] = [];
  const fail = (field: string, detail: string) => errors.push({ field, detail });
  const name = input.name.trim();
  const redirectUris = uniqueTrimmed(input.redirectUris);
  const postLogoutRedirectUris = uniqueTrimmed(input.postLogoutRedirectUris ?? []);
  const backchannelLogoutUri = input.backchannelLogoutUri?.trim() || null;
  const isPublic = input.public ?? false;
  const clientCredentials = input.clientCredentials ?? false;

  if (!name || name.length > 100) fail("name", "Enter the application's name (at most 100 characters).");
  for (const [field, uris] of [
    ["redirectUris", redirectUris],
    ["postLogoutRedirectUris", postLogoutRedirectUris],
  ] as const) {
    if (uris.length > MAX_URIS) fail(field, `Register at most ${MAX_URIS} addresses.`);
    const problem = uris.map((uri) => uriProblem(uri, rules)).find(Boolean);
    if (problem) fail(field, problem);
  }
  const backchannelProblem = backchannelLogoutUri && uriProblem(backchannelLogoutUri, rules);
  if (backchannelProblem) fail("backchannelLogoutUri", backchannelProblem);
  if (isPublic && clientCredentials) fail("clientCredentials", "A public client has no secret, so it cannot use client credentials.");
  const signsUsersIn = redirectUris.length > 0;
  if (!signsUsersIn && !clientCredentials) {
    fail("redirectUris", "Enter at least one redirect URI: the address where the application receives the sign-in.");
  }
  if (!signsUsersIn && clientCredentials && (postLogoutRedirectUris.length || backchannelLogoutUri)) {
    fail("redirectUris", "A service without redirect URIs signs no one in, so it has no sign-out addresses: add a redirect URI or remove them.");
  }
  if (errors.length) throw new BadRequest(errors.length === 1 ? errors[0].detail : "Please check the highlighted fields.", errors);

  const grantTypes = [...(signsUsersIn ? ["authorization_code", "refresh_token"] : []), ...(clientCredentials ? ["client_credentials"] : [])];
  return { name, redirectUris, postLogoutRedirectUris, backchannelLogoutUri, acr: input.acr ?? "low", grantTypes, isPublic };
}

export async function addClient(
  db: Db,
  input: NewClient,
  rules: UriRules = { allowLoopbackHttp: false },
): Promise<{ client: OidcClient; clientSecret: string | null }> {
  const { isPublic, ...values } = validated(input, rules);
  const clientSecret = isPublic ? null : randomToken();
  const [row] = await db
    .insert(oidcClients)
    .values({ clientId: newClientId(), secretHash: clientSecret && sha256(clientSecret), ...values, builtIn: false })
    .returning();
  return { client: shown(row), clientSecret };
}

export async function listClients(db: Db): Promise<OidcClient[]> {
  const rows = await db.select().from(oidcClients).orderBy(desc(oidcClients.builtIn), asc(oidcClients.createdAt), asc(oidcClients.name));
  return rows.map(shown);
}

async function changeableClient(db: Db, clientId: string, change: string) {
  const [row] = await db.select().from(oidcClients).where(eq(oidcClients.clientId, clientId)).for("update");
  if (!row) throw new NotFound(`There is no application with the client id ${clientId}.`);
  if (row.builtIn) throw new Conflict(`"${row.name}" is part of the platform: its registration comes from the configuration and cannot be ${change}.`);
  return row;
}

/** Removes the client and what it was given (grants, codes, tokens): nothing it holds works afterwards. */
export async function removeClient(db: Db, clientId: string): Promise<OidcClient> {
  return db.transaction(async (tx) => {
    const row = await changeableClient(tx, clientId, "removed");
    await tx.delete(oidcPayloads).where(sql`${oidcPayloads.payload}->>'clientId' = ${clientId}`);
    await tx.delete(oidcClients).where(eq(oidcClients.clientId, clientId));
    return shown(row);
  });
}

/** A new secret, shown once; the old one stops working at once. */
export async function rotateClientSecret(db: Db, clientId: string): Promise<{ client: OidcClient; clientSecret: string }> {
  return db.transaction(async (tx) => {
    const row = await changeableClient(tx, clientId, "given a new secret");
    if (row.secretHash === null) throw new Conflict(`"${row.name}" is a public client: it has no secret to replace.`);
    const clientSecret = randomToken();
    await tx
      .update(oidcClients)
      .set({ secretHash: sha256(clientSecret) })
      .where(eq(oidcClients.clientId, clientId));
    return { client: shown(row), clientSecret };
  });
}
