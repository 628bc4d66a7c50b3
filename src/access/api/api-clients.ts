/*
 * The registry of API clients (`opencpms api-clients`): which OpenID Connect
 * clients of identity may read which applications' authorizations, and
 * where they are told of changes.
 * - the client id is identity's (as its introspection names it); access
 *   cannot see identity's registry, so it takes the id on trust from the
 *   operator: a client unknown to identity simply never gets a token;
 * - each application named must be in the catalogue;
 * - a webhook URL is absolute https (plain http only for localhost and
 *   127.0.0.1 when access itself runs on http), without credentials or
 *   fragment; it comes with a signing secret, shown once;
 * - the platform's own cpms reads CPMS: registered at start if missing,
 *   never altered there, so an operator's changes stay.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { BadRequest, Conflict, type FieldError, NotFound } from "../../platform/http/errors.ts";
import { applications as catalogApplications } from "../catalog/tables.ts";
import { apiClients } from "./tables.ts";
import { newWebhookSecret, sealWebhookSecret } from "./webhook-secret.ts";

export type NewApiClient = { clientId: string; name: string; applications: string[]; webhookUrl?: string };

/** A registered client as it may be shown: never its webhook secret. */
export type ApiClient = Omit<typeof apiClients.$inferSelect, "webhookSecret">;

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
export const CPMS_APPLICATION = "CPMS";

function shown({ webhookSecret: _secret, ...client }: typeof apiClients.$inferSelect): ApiClient {
  return client;
}

/** Why `raw` cannot be a webhook URL, or null when it can. */
export function webhookUrlProblem(raw: string, config: Config): string | null {
  if (raw.length > 2000) return "A webhook URL must be at most 2000 characters long.";
  const url = URL.parse(raw);
  if (!url || !/^https?:$/.test(url.protocol)) return `"${raw}" is not an absolute http(s) address, like https://cpms.hospital.eu/webhooks/access.`;
  if (raw.includes("#")) return `"${raw}" has a fragment (#…): a webhook URL must not have one.`;
  if (url.username || url.password) return `"${raw}" contains a user name or password: a webhook URL must not.`;
  const loopbackHttp = config.urls.access.startsWith("http:");
  if (url.protocol === "http:" && !(loopbackHttp && LOOPBACK_HOSTS.has(url.hostname))) {
    return loopbackHttp ? `"${raw}" must use https (plain http is accepted for localhost and 127.0.0.1 only).` : `"${raw}" must use https.`;
  }
  return null;
}

async function checkNewClient(db: Db, config: Config, input: NewApiClient): Promise<NewApiClient> {
  const errors: FieldError[] = [];
  const clientId = input.clientId.trim();
  const name = input.name.trim();
  const applications = [...new Set(input.applications.map((application) => application.trim()).filter(Boolean))];
  const webhookUrl = input.webhookUrl?.trim() || undefined;
  if (!CLIENT_ID.test(clientId))
    errors.push({ field: "clientId", detail: "A client id is 1 to 64 letters, digits, dots, dashes or underscores, as identity gave it." });
  if (!name || name.length > 200) errors.push({ field: "name", detail: "Enter a name of at most 200 characters." });
  if (applications.length === 0)
    errors.push({ field: "applications", detail: "Name at least one application whose authorizations the client reads, e.g. CPMS." });
  else {
    const known = new Set(
      (await db.select({ id: catalogApplications.id }).from(catalogApplications).where(inArray(catalogApplications.id, applications))).map((row) => row.id),
    );
    const unknown = applications.filter((application) => !known.has(application));
    if (unknown.length) errors.push({ field: "applications", detail: `Unknown application: ${unknown.join(", ")}.` });
  }
  const urlProblem = webhookUrl ? webhookUrlProblem(webhookUrl, config) : null;
  if (urlProblem) errors.push({ field: "webhookUrl", detail: urlProblem });
  if (errors.length) throw new BadRequest(errors.length === 1 ? errors[0].detail : "Please check the highlighted fields.", errors);
  return { clientId, name, applications, webhookUrl };
}

export async function addApiClient(tx: Db, config: Config, input: NewApiClient): Promise<{ client: ApiClient; webhookSecret: string | null }> {
  const checked = await checkNewClient(tx, config, input);
  const webhookSecret = checked.webhookUrl ? newWebhookSecret() : null;
  const [row] = await tx
    .insert(apiClients)
    .values({
      clientId: checked.clientId,
      name: checked.name,
      applications: checked.applications,
      webhookUrl: checked.webhookUrl ?? null,
      webhookSecret: webhookSecret ? sealWebhookSecret(config, checked.clientId, webhookSecret) : null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new Conflict(`${checked.clientId} is already an API client: remove it first to register it again.`);
  return { client: shown(row), webhookSecret };
}

export async function listApiClients(db: Db): Promise<ApiClient[]> {
  return (await db.select().from(apiClients).orderBy(asc(apiClients.createdAt), asc(apiClients.clientId))).map(shown);
}

export async function findApiClient(db: Db, clientId: string): Promise<ApiClient | null> {
  const [row] = await db.select().from(apiClients).where(eq(apiClients.clientId, clientId));
  return row ? shown(row) : null;
}

/** Removes the client and its undelivered webhooks (cascade). */
export async function removeApiClient(tx: Db, clientId: string): Promise<ApiClient> {
  const [row] = await tx.delete(apiClients).where(eq(apiClients.clientId, clientId)).returning();
  if (!row) throw new NotFound(`There is no API client ${clientId}.`);
  return shown(row);
}

/** A new signing secret; deliveries not yet sent are signed with it. */
export async function rotateWebhookSecret(tx: Db, config: Config, clientId: string): Promise<{ client: ApiClient; webhookSecret: string }> {
  const client = await findApiClient(tx, clientId);
  if (!client) throw new NotFound(`There is no API client ${clientId}.`);
  if (!client.webhookUrl) throw new BadRequest(`${clientId} has no webhook URL, so it has no webhook secret.`);
  const webhookSecret = newWebhookSecret();
  const [row] = await tx
    .update(apiClients)
    .set({ webhookSecret: sealWebhookSecret(config, clientId, webhookSecret) })
    .where(eq(apiClients.clientId, clientId))
    .returning();
  return { client: shown(row), webhookSecret };
}

/** The platform's cpms reads CPMS's authorizations; added once, left as operators change it. */
export async function registerPlatformApiClients(db: Db, config: Config): Promise<void> {
  await db
    .insert(apiClients)
    .values({ clientId: config.relyingParties.cpms.clientId, name: "Clinical Patient Management System", applications: [CPMS_APPLICATION] })
    .onConflictDoNothing();
}
