/*
 * The OpenCPMS Authenticator: the mobile devices of an account and the
 * requests the service sends them.
 *
 * A device (My Account → "Manage my mobile devices") is added as `pending`
 * with its name, a single-use initialisation token (its hash) and the PIN's
 * SHA-1 sealed like every secret (secret-box.ts): the PIN itself is never
 * kept. The app scanning the QR code gives its public key (P-256; its private
 * key never leaves the phone) and receives the device secret (sealed here),
 * then proves the PIN: the device is `active`. Too many wrong PINs lock it
 * (`lockedAt`); the user deletes it and adds it again.
 *
 * A request (`mobile_app_requests`) is one sign-in's challenge:
 * - `approve` (Mobile App PIN Code): the devices of the account are told;
 *   one answers with a signed approval carrying the number shown in the
 *   browser and a PIN proof, or a denial; the browser learns the outcome and
 *   completes the sign-in, which uses the request up;
 * - `qr` (Mobile App QR Code): `question` is the OCRA challenge shown as a QR
 *   code; the code typed in the browser uses the request up.
 * A request lives a few minutes and is answered and used once.
 */
import { sql } from "drizzle-orm";
import { check, index, jsonb, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../accounts/tables.ts";
import { identitySchema } from "../../pg-schema.ts";

export const mobileDevices = identitySchema.table(
  "mobile_devices",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    status: text({ enum: ["pending", "active", "locked"] })
      .notNull()
      .default("pending"),
    /** SHA-256 of the initialisation token in the QR code; null once used. */
    initTokenHash: text().unique(),
    initExpiresAt: timestamp({ withTimezone: true }),
    /** Sealed SHA-1 of the PIN (hex), the OCRA `P` input and the PIN proof's. */
    pinHash: text().notNull(),
    /** The app's public key, SubjectPublicKeyInfo (DER) in base64url; set when the app scans the code. */
    publicKey: text(),
    /** Sealed device secret (base64url, 32 bytes): the HMAC key of the PIN proof and of OCRA. */
    secret: text(),
    /** The activation challenge the app signs with its PIN proof. */
    activationNonce: text(),
    failedPins: smallint().notNull().default(0),
    /**
     * The phone's platform credential (WebAuthn, user verification required)
     * that approves with fingerprint or face in place of the PIN, if turned on.
     */
    biometrics: jsonb().$type<DeviceBiometrics>(),
    /** The WebAuthn challenge of turning biometrics on, and until when it may be answered. */
    biometricsChallenge: text(),
    biometricsChallengeExpiresAt: timestamp({ withTimezone: true }),
    /** Web Push subscription of the app (endpoint and keys), if it gave one. */
    pushSubscription: jsonb().$type<{ endpoint: string; keys: { p256dh: string; auth: string } }>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp({ withTimezone: true }),
    lockedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.userId),
    check("mobile_device_name_length", sql`char_length(${t.name}) between 1 and 60`),
    check("mobile_device_active_has_keys", sql`${t.status} = 'pending' or (${t.publicKey} is not null and ${t.secret} is not null)`),
  ],
);

/** A WebAuthn credential of the phone: its id and COSE public key (base64url), signature counter, and when it was added. */
export type DeviceBiometrics = { credentialId: string; publicKey: string; counter: number; addedAt: string };

export type AppRequestContext = {
  /** What is being signed in to (the relying party's name, or OpenCPMS Login). */
  application: string;
  /** Browser and system, from the user agent. */
  browser: string;
  /** Where the sign-in comes from: the address, and the country where known. */
  place: string;
};

export const mobileAppRequests = identitySchema.table(
  "mobile_app_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: ["approve", "qr"] }).notNull(),
    /** approve: random nonce the approval signs; qr: the OCRA question (QA10). */
    question: text().notNull(),
    /** approve: the number shown in the browser, which the user picks on the phone. */
    number: smallint(),
    context: jsonb().$type<AppRequestContext>().notNull(),
    status: text({ enum: ["pending", "approved", "denied", "used"] })
      .notNull()
      .default("pending"),
    /** Why it was denied: "user" (the user said no), "number" (the wrong number was picked). */
    deniedBecause: text({ enum: ["user", "number"] }),
    answeredBy: uuid().references(() => mobileDevices.id, { onDelete: "set null" }),
    /** How an approval was verified on the phone: "pin" (the PIN code) or "user" (fingerprint or face). */
    approvedWith: text({ enum: ["pin", "user"] }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.userId, t.status),
    index().on(t.expiresAt),
    check("mobile_app_request_number", sql`${t.kind} <> 'approve' or ${t.number} between 10 and 99`),
  ],
);

/** The VAPID key pair Web Push messages are signed with, generated once per database unless configured. */
export const PUSH_KEYS_SECRET = "vapid_keys";

export type MobileDevice = typeof mobileDevices.$inferSelect;
export type MobileAppRequest = typeof mobileAppRequests.$inferSelect;
