/*
 * Authenticator-app secrets at rest: AES-256-GCM.
 * - the key is SECRETS_KEY; unset, one is generated on first use and kept in
 *   `identity.secrets`, so instances on this database share it (a copy of the
 *   database then holds the key too: production sets SECRETS_KEY);
 * - each secret gets a fresh 96-bit IV; the owner's id is the additional
 *   data, so a sealed secret copied onto another account does not open;
 * - a secret that does not open (wrong key, altered row) is an error for the
 *   operator, never "a wrong code" for the user.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { secrets } from "./tables.ts";

const KEY_NAME = "secrets_key";
const VERSION = "v1";
const shared = new WeakMap<Db, Map<string, Promise<string>>>();

async function readOrCreate(db: Db, name: string, make: () => string | Promise<string>): Promise<string> {
  const read = async () => (await db.select().from(secrets).where(eq(secrets.name, name)))[0];
  const existing = await read();
  if (existing) return existing.value;
  // Whoever inserts first wins; everyone then reads the same row.
  await db
    .insert(secrets)
    .values({ name, value: await make() })
    .onConflictDoNothing();
  return (await read()).value;
}

/**
 * A value the service generates for itself once per database (a key, a key
 * pair…) and keeps in `identity.secrets` under `name`, so every instance on
 * this database uses the same; read once per process.
 */
export function sharedSecret(db: Db, name: string, make: () => string | Promise<string>): Promise<string> {
  let byName = shared.get(db);
  if (!byName) {
    byName = new Map();
    shared.set(db, byName);
  }
  let value = byName.get(name);
  if (!value) {
    value = readOrCreate(db, name, make);
    byName.set(name, value);
    value.catch(() => byName.delete(name));
  }
  return value;
}

async function keyFor(db: Db, config: Config): Promise<Buffer> {
  if (config.secretsKey) return config.secretsKey;
  return Buffer.from(await sharedSecret(db, KEY_NAME, () => randomBytes(32).toString("base64")), "base64");
}

/** A key for one purpose (signing oidc-provider's cookies…), derived from the secrets key, so every instance derives the same. */
export async function derivedKey(db: Db, config: Config, purpose: string): Promise<string> {
  return createHmac("sha256", await keyFor(db, config))
    .update(`opencpms:${purpose}`)
    .digest("base64url");
}

export async function sealSecret(db: Db, config: Config, ownerId: string, secret: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await keyFor(db, config), iv);
  cipher.setAAD(Buffer.from(ownerId));
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), sealed.toString("base64")].join(":");
}

export async function openSecret(db: Db, config: Config, ownerId: string, stored: string): Promise<string> {
  const [version, iv, tag, sealed] = stored.split(":");
  if (version !== VERSION || !sealed) throw new Error("An authenticator-app secret is not in the expected format.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", await keyFor(db, config), Buffer.from(iv, "base64"));
    decipher.setAAD(Buffer.from(ownerId));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("An authenticator-app secret cannot be decrypted: SECRETS_KEY is not the key it was stored under.");
  }
}
