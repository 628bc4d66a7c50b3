/*
 * Test helpers of the authorizations API: catalogue rows and rights written
 * directly (whatever the catalogue's seed holds), service clients registered
 * at identity with client credentials, and their tokens from identity's
 * token endpoint over real HTTP.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import type { System } from "../../system.ts";
import { addClient } from "../../identity/oidc/clients.ts";
import { createOidcProvider } from "../../identity/oidc/provider.ts";
import { applications, countries, erns, profiles, providers } from "../catalog/tables.ts";
import { type RightStatus, rightEvents, rights } from "../requests/tables.ts";

export const OTHER_APPLICATION = "TEST-REGISTRY";

async function provider(db: Db, ernCode: string, countryCode: string, code: string, name: string, isGuest = false) {
  await db
    .insert(providers)
    .values({ ernCode, countryCode, code, name, isGuest, searchText: `${code} ${name}`.toLowerCase() })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.ernCode, ernCode), eq(providers.countryCode, countryCode), eq(providers.code, code)));
  return row;
}

async function profile(db: Db, applicationId: string, name: string) {
  await db.insert(profiles).values({ applicationId, name }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(profiles)
    .where(and(eq(profiles.applicationId, applicationId), eq(profiles.name, name)));
  return row;
}

/** CPMS with HP and Coordinator, another application, EURACAN and ERKNet, France and Belgium, a hospital and a guest entry. */
export async function catalogue(db: Db) {
  await db
    .insert(applications)
    .values([
      { id: "CPMS", name: "Clinical Patient Management System" },
      { id: OTHER_APPLICATION, name: "A test registry" },
    ])
    .onConflictDoNothing();
  await db
    .insert(erns)
    .values([
      { code: "EURACAN", name: "Adult Cancers" },
      { code: "ERKNet", name: "Kidney Diseases" },
    ])
    .onConflictDoNothing();
  await db
    .insert(countries)
    .values([
      { code: "FR", name: "France" },
      { code: "BE", name: "Belgium" },
    ])
    .onConflictDoNothing();
  return {
    hp: await profile(db, "CPMS", "HP"),
    coordinator: await profile(db, "CPMS", "Coordinator"),
    otherProfile: await profile(db, OTHER_APPLICATION, "Reader"),
    hospital: await provider(db, "EURACAN", "FR", "FR91", "Hôpital d'essai de la Pitié"),
    guest: await provider(db, "ERKNet", "BE", "0000", "Guest Access", true),
    ernName: async (code: string) => (await db.select().from(erns).where(eq(erns.code, code)))[0].name,
    countryName: async (code: string) => (await db.select().from(countries).where(eq(countries.code, code)))[0].name,
  };
}

/** A right in `status`; a granted (or once granted) one has its "granted" event at `grantedAt`. */
export async function right(
  db: Db,
  values: { sub: string; applicationId?: string; profileId: string; providerId: string; status: RightStatus; grantedAt?: Date },
) {
  const { grantedAt = new Date("2026-03-02T09:30:00Z"), applicationId = "CPMS", ...rest } = values;
  const [row] = await db
    .insert(rights)
    .values({ ...rest, applicationId, submissionId: randomUUID(), requesterEmail: "someone@hospital.example", requesterName: "Some One" })
    .returning();
  if (["granted", "deletion_requested", "revoked"].includes(values.status)) {
    await db
      .insert(rightEvents)
      .values({ rightId: row.id, at: grantedAt, actorName: "Approver", action: "approve", fromStatus: "requested", toStatus: "granted" });
  }
  return row;
}

/** A service registered at identity for the client-credentials grant. */
export async function serviceClient(system: System, name: string): Promise<{ clientId: string; clientSecret: string }> {
  const { client, clientSecret } = await addClient(system.database.db, { name, redirectUris: [], clientCredentials: true }, { allowLoopbackHttp: true });
  assert.ok(clientSecret);
  return { clientId: client.clientId, clientSecret };
}

const basic = (clientId: string, clientSecret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;

/** A token from identity's token endpoint (client_credentials), over HTTP. */
export async function serviceToken(system: System, credentials: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${system.config.urls.identity}/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(credentials.clientId, credentials.clientSecret) },
    body: "grant_type=client_credentials",
  });
  const body = (await response.json()) as { access_token?: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.ok(body.access_token);
  return body.access_token;
}

/** Revokes a token at identity's revocation endpoint (RFC 7009), as its client. */
export async function revokeToken(system: System, credentials: { clientId: string; clientSecret: string }, token: string): Promise<void> {
  const response = await fetch(`${system.config.urls.identity}/oidc/token/revocation`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(credentials.clientId, credentials.clientSecret) },
    body: new URLSearchParams({ token, token_type_hint: "access_token" }),
  });
  assert.equal(response.status, 200, await response.text());
}

/** An access token identity issued to a client for a user (as the authorization code flow would): it has a `sub`. */
export async function userAccessToken(system: System, clientId: string, sub: string): Promise<string> {
  const provider = await createOidcProvider(system.database.db, system.config);
  const client = await provider.Client.find(clientId);
  assert.ok(client);
  const grant = new provider.Grant({ accountId: sub, clientId });
  grant.addOIDCScope("openid");
  const grantId = await grant.save();
  return new provider.AccessToken({ accountId: sub, client, grantId, gty: "authorization_code", scope: "openid" }).save();
}
