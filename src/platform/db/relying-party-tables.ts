/*
 * Tables of a service that signs its users in at identity (an OpenID Connect
 * relying party), in its own schema:
 * - rp_logins: sign-ins under way, between the redirect to identity and the
 *   callback. Keyed by the SHA-256 of the browser's login cookie joined with
 *   the state, so a callback completes only in the browser that started it;
 *   single-use and short-lived;
 * - rp_sessions: the service's own sessions, keyed by the SHA-256 of the
 *   session cookie (the table never holds a usable token). They keep who
 *   signed in and how (acr, amr, auth_time), identity's session id (`sid`)
 *   for back-channel logout, and the ID token to end identity's session too.
 */
import { index, type PgSchema, text, timestamp } from "drizzle-orm/pg-core";

export function relyingPartyTables(schema: PgSchema) {
  const rpLogins = schema.table(
    "rp_logins",
    {
      keyHash: text().primaryKey(),
      state: text().notNull(),
      nonce: text().notNull(),
      codeVerifier: text().notNull(),
      returnTo: text().notNull(),
      createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
      expiresAt: timestamp({ withTimezone: true }).notNull(),
    },
    (t) => [index().on(t.expiresAt)],
  );

  const rpSessions = schema.table(
    "rp_sessions",
    {
      tokenHash: text().primaryKey(),
      sub: text().notNull(),
      sid: text(),
      email: text(),
      name: text().notNull(),
      acr: text({ enum: ["low", "substantial", "high"] }).notNull(),
      amr: text().array().notNull(),
      authTime: timestamp({ withTimezone: true }),
      idToken: text().notNull(),
      createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
      lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
      expiresAt: timestamp({ withTimezone: true }).notNull(),
    },
    (t) => [index().on(t.sub), index().on(t.sid), index().on(t.expiresAt)],
  );

  return { rpLogins, rpSessions };
}

export type RelyingPartyTables = ReturnType<typeof relyingPartyTables>;
