/*
 * The keys that sign ID tokens (RS256), kept in the database so every
 * instance signs and publishes the same ones:
 * - each private JWK is sealed under SECRETS_KEY (AES-256-GCM, the key id as
 *   additional data);
 * - the newest key that is not retired signs; retired keys stay published
 *   until the tokens they signed have expired, then are deleted;
 * - the first start creates one; `opencpms oidc-keys rotate` adds a new one
 *   and retires the others (instances pick it up when they restart).
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { eq, isNull, lt, sql } from "drizzle-orm";
import type { JWK } from "oidc-provider";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { openSecret, sealSecret } from "../factors/totp/secret-box.ts";
import { oidcKeys } from "./tables.ts";

/** Long enough for every ID token signed by a retired key to have expired. */
export const RETIRED_KEY_KEPT_HOURS = 24;

function newKey(): JWK & { kid: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...(privateKey.export({ format: "jwk" }) as JWK), kid: randomUUID(), use: "sig", alg: "RS256" };
}

async function addKey(db: Db, config: Config): Promise<string> {
  const key = newKey();
  await db.insert(oidcKeys).values({ kid: key.kid, sealedJwk: await sealSecret(db, config, key.kid, JSON.stringify(key)) });
  return key.kid;
}

/** The keys to give oidc-provider, the signing key first; creates the first one. */
export async function signingKeys(db: Db, config: Config): Promise<JWK[]> {
  await db.delete(oidcKeys).where(lt(oidcKeys.retiredAt, new Date(Date.now() - RETIRED_KEY_KEPT_HOURS * 3_600_000)));
  let rows = await db.select().from(oidcKeys);
  if (!rows.some((row) => row.retiredAt === null)) {
    await db.transaction(async (tx) => {
      // Two instances starting together on an empty table: the first one's key wins.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('identity.oidc_keys'))`);
      const [active] = await tx.select().from(oidcKeys).where(isNull(oidcKeys.retiredAt));
      if (!active) await addKey(tx, config);
    });
    rows = await db.select().from(oidcKeys);
  }
  // Active keys first, newest first: the first one signs.
  rows.sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null) || b.createdAt.getTime() - a.createdAt.getTime());
  return Promise.all(rows.map(async (row) => JSON.parse(await openSecret(db, config, row.kid, row.sealedJwk)) as JWK));
}

/** Adds a new signing key and retires the others; returns the new key's id. */
export async function rotateSigningKey(db: Db, config: Config): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.update(oidcKeys).set({ retiredAt: new Date() }).where(isNull(oidcKeys.retiredAt));
    return addKey(tx, config);
  });
}

export async function listSigningKeys(db: Db) {
  const rows = await db.select({ kid: oidcKeys.kid, createdAt: oidcKeys.createdAt, retiredAt: oidcKeys.retiredAt }).from(oidcKeys);
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

export async function forgetKey(db: Db, kid: string): Promise<boolean> {
  const removed = await db.delete(oidcKeys).where(eq(oidcKeys.kid, kid)).returning({ kid: oidcKeys.kid });
  return removed.length > 0;
}
