/*
 * OpenID Connect state, so every instance serves every request:
 * - the relying parties registered with `opencpms clients add` (secrets as
 *   SHA-256: they are 256-bit random values, so a fast hash is enough);
 * - oidc-provider's models (sessions, interactions, grants, codes, tokens),
 *   keyed by the SHA-256 of their id: a leaked table holds no usable token;
 * - the signing keys, sealed under SECRETS_KEY, newest first; a retired key
 *   is still published until the tokens it signed have expired.
 */
import { sql } from "drizzle-orm";
import { boolean, index, jsonb, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { identitySchema } from "../pg-schema.ts";

export const oidcClients = identitySchema.table("oidc_clients", {
  clientId: text().primaryKey(),
  name: text().notNull(),
  /** SHA-256 (hex) of the secret; null for a public client (PKCE, no secret). */
  secretHash: text(),
  redirectUris: text().array().notNull(),
  postLogoutRedirectUris: text().array().notNull().default(sql`'{}'::text[]`),
  backchannelLogoutUri: text(),
  /** The level this client gets at least, whatever it asks for. */
  acr: text({ enum: ["low", "substantial", "high"] })
    .notNull()
    .default("low"),
  grantTypes: text().array().notNull(),
  /** Registered by the platform itself (cpms, access) at start. */
  builtIn: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const oidcPayloads = identitySchema.table(
  "oidc_payloads",
  {
    model: text().notNull(),
    idHash: text().notNull(),
    payload: jsonb().notNull(),
    grantId: text(),
    userCode: text(),
    uid: text(),
    expiresAt: timestamp({ withTimezone: true }),
    consumedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.model, t.idHash] }), index().on(t.grantId), index().on(t.uid), index().on(t.expiresAt)],
);

export const oidcKeys = identitySchema.table("oidc_keys", {
  kid: text().primaryKey(),
  sealedJwk: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp({ withTimezone: true }),
});
