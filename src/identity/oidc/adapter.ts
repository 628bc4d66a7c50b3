/*
 * oidc-provider's persistence in PostgreSQL (or PGlite), so that any instance
 * serves any request:
 * - one table for every model, keyed by (model, SHA-256 of the id): the ids
 *   of codes, tokens and sessions are bearer values, so the table holds only
 *   their hashes (and the payload is stored without its `jti`);
 * - expiry is the database's business: an expired row is never found, and
 *   housekeeping deletes it;
 * - "Client" is read from the registry of relying parties (oidc_clients),
 *   which `opencpms clients add` and the admin page write.
 */
import { and, eq, gt, isNull, lt, or, type SQL } from "drizzle-orm";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { sha256 } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { oidcClients, oidcPayloads } from "./tables.ts";

export function postgresAdapter(db: Db) {
  return class PostgresAdapter implements Adapter {
    readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const { jti: _jti, ...rest } = payload;
      const row = {
        payload: rest,
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ? sha256(payload.userCode) : null,
        uid: payload.uid ?? null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      await db
        .insert(oidcPayloads)
        .values({ model: this.model, idHash: sha256(id), ...row })
        .onConflictDoUpdate({ target: [oidcPayloads.model, oidcPayloads.idHash], set: row });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === "Client") return findClient(db, id);
      const found = await this.findWhere(eq(oidcPayloads.idHash, sha256(id)));
      return found && { ...found, jti: id };
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findWhere(eq(oidcPayloads.uid, uid));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findWhere(eq(oidcPayloads.userCode, sha256(userCode)));
    }

    async consume(id: string): Promise<void> {
      await db
        .update(oidcPayloads)
        .set({ consumedAt: new Date() })
        .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.idHash, sha256(id))));
    }

    async destroy(id: string): Promise<void> {
      await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.idHash, sha256(id))));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.delete(oidcPayloads).where(eq(oidcPayloads.grantId, grantId));
    }

    private async findWhere(condition: SQL): Promise<AdapterPayload | undefined> {
      const [row] = await db
        .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
        .from(oidcPayloads)
        .where(and(eq(oidcPayloads.model, this.model), condition, or(isNull(oidcPayloads.expiresAt), gt(oidcPayloads.expiresAt, new Date()))));
      if (!row) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
    }
  };
}

/** A registered relying party as oidc-provider's client metadata. */
async function findClient(db: Db, clientId: string): Promise<AdapterPayload | undefined> {
  const [client] = await db.select().from(oidcClients).where(eq(oidcClients.clientId, clientId));
  if (!client) return undefined;
  const interactive = client.grantTypes.includes("authorization_code");
  return {
    client_id: client.clientId,
    client_name: client.name,
    // The secret's SHA-256: the provider compares hashes (see provider.ts).
    ...(client.secretHash ? { client_secret: client.secretHash, token_endpoint_auth_method: "client_secret_basic" } : { token_endpoint_auth_method: "none" }),
    grant_types: client.grantTypes,
    response_types: interactive ? ["code"] : [],
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    default_acr_values: [client.acr],
    require_auth_time: true,
  };
}

/** Deletes what has expired (run by the identity service's housekeeping). */
export async function removeExpiredOidcState(db: Db): Promise<void> {
  await db.delete(oidcPayloads).where(lt(oidcPayloads.expiresAt, new Date()));
}
