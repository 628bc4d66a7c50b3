/*
 * Accounts, their sessions and single-use links.
 * - e-mail addresses are stored normalised (trimmed, lower case) and unique;
 * - links and sessions are kept only as SHA-256 hashes:
 *   they are long random values, so a leaked table grants nothing;
 * - password hashes are argon2id.
 */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { identitySchema } from "../pg-schema.ts";

export const users = identitySchema.table(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull().unique(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    locale: text().notNull().default("en"),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    passwordHash: text(),
    passwordChangedAt: timestamp({ withTimezone: true }),
    /** Administers the sign-in service: its relying parties and CAS services. */
    isAdmin: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("email_is_normalised", sql`${t.email} = lower(btrim(${t.email}))`)],
);

export const passwordLinks = identitySchema.table(
  "password_links",
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text({ enum: ["create", "reset"] }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    supersededAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId)],
);

export const sessions = identitySchema.table(
  "sessions",
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    amr: text().array().notNull(),
    acr: text({ enum: ["low", "substantial", "high"] }).notNull(),
    authTime: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index().on(t.userId)],
);

/** Wrong-password counters, keyed by the hash of the e-mail typed, whether or not an account has it. */
export const loginThrottles = identitySchema.table("login_throttles", {
  emailHash: text().primaryKey(),
  failures: integer().notNull().default(0),
  lastFailureAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp({ withTimezone: true }),
  isLocked: boolean().notNull().default(false),
});

export const captchas = identitySchema.table("captchas", {
  id: uuid().primaryKey().defaultRandom(),
  answer: text().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  attempts: integer().notNull().default(0),
});

/**
 * A sign-in (or a step-up of an open session) waiting for its second factor:
 * the password has been checked; the factor's challenge state (a hashed SMS
 * code, a WebAuthn challenge…) waits here. The browser holds the token.
 */
export const pendingAuthentications = identitySchema.table(
  "pending_authentications",
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    method: text().notNull(),
    firstAmr: text().array().notNull(),
    /** Set when an open session is being raised (step-up) rather than a new one opened. */
    sessionTokenHash: text(),
    state: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    attempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.userId)],
);

/**
 * Browsers where the account signed in before: only there does the e-mail
 * step list the methods the account has set up (elsewhere it lists them all,
 * so it reveals nothing about an address).
 */
export const knownDevices = identitySchema.table(
  "known_devices",
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);
