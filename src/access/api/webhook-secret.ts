/*
 * Webhook signing secrets of API clients.
 * - a secret is "whsec_" and the base64 of 32 random bytes (the Standard
 *   Webhooks form): those bytes are the HMAC key; it is printed once, at
 *   `add` and `rotate-webhook-secret`;
 * - access must sign with it later, so it is kept reversibly: sealed with
 *   AES-256-GCM under SECRETS_KEY, the client id as additional data (a
 *   sealed secret copied onto another client does not open);
 * - without SECRETS_KEY (development), it is kept as is, marked "plain:" —
 *   no weaker than a generated key kept in the same database would be;
 *   production sets SECRETS_KEY;
 * - a secret that does not open is an error for the operator.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Config } from "../../platform/config.ts";

const SEALED = "v1";
const PLAIN = "plain";

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function sealWebhookSecret(config: Config, clientId: string, secret: string): string {
  if (!config.secretsKey) return `${PLAIN}:${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", config.secretsKey, iv);
  cipher.setAAD(Buffer.from(clientId));
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [SEALED, iv.toString("base64"), cipher.getAuthTag().toString("base64"), sealed.toString("base64")].join(":");
}

export function openWebhookSecret(config: Config, clientId: string, stored: string): string {
  if (stored.startsWith(`${PLAIN}:`)) return stored.slice(PLAIN.length + 1);
  const [version, iv, tag, sealed] = stored.split(":");
  if (version !== SEALED || !sealed) throw new Error(`The webhook secret of API client ${clientId} is not in the expected format.`);
  if (!config.secretsKey) throw new Error(`The webhook secret of API client ${clientId} was sealed under SECRETS_KEY, which is not set.`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", config.secretsKey, Buffer.from(iv, "base64"));
    decipher.setAAD(Buffer.from(clientId));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(`The webhook secret of API client ${clientId} cannot be decrypted: SECRETS_KEY is not the key it was sealed under.`);
  }
}
