/*
 * "Manage my mobile devices" and the app's initialisation.
 * - adding a device (a recent, second-factor session: the route checks it)
 *   needs a name of 1 to 60 characters (white space tidied) and a 4-digit PIN typed twice that is
 *   not trivially guessable (all one digit, a run like 1234 or 9876, a pair
 *   repeated like 1212): the PIN is all that guards a lost phone. At most
 *   MAX_DEVICES per account. The device is `pending` with a single-use token
 *   (only its hash is kept) valid INIT_MINUTES; the PIN's SHA-1 is sealed,
 *   the PIN itself is never kept, logged or audited;
 * - the app scanning the code gives its P-256 public key and receives the
 *   device secret (here only, sealed afterwards) and a nonce; the token is
 *   cleared as it is used, so a second scan, like an unknown or expired
 *   token, gets the same answer (no oracle);
 * - the app then signs its PIN proof over the nonce: a wrong PIN counts
 *   towards the lock (device-auth.ts), a right one makes the device `active`,
 *   a second factor, audited and mailed in the same transaction;
 * - a pending device whose initialisation expired no longer exists for
 *   anyone: it is not listed and cannot be initialised;
 * - renaming and deleting touch the account's own devices only ("Not found
 *   or no access." for any other id); deleting the account's last second
 *   factor needs `confirmLastFactor`.
 */
import { randomBytes } from "node:crypto";
import { and, count, desc, eq, gt, lte, ne, or } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import { randomToken, sha256 } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/database.ts";
import { BadRequest, Conflict, type FieldError, InvalidField, NotFound, Unauthorized } from "../../../platform/http/errors.ts";
import { wake } from "../../../platform/http/server-events.ts";
import { users } from "../../accounts/tables.ts";
import { auditEvents } from "../../pg-schema.ts";
import { guardLastFactor, lockAccount, recordFactorChange } from "../changes.ts";
import type { User } from "../factor.ts";
import { SECOND_FACTORS } from "../registry.ts";
import { sealSecret } from "../totp/secret-box.ts";
import { NOT_A_PIN } from "./authenticator.ts";
import { checkPinProof, DeviceLocked, NOT_A_DEVICE, signedByDevice } from "./device-auth.ts";
import { NO_NAME } from "./device-schemas.ts";
import { type Activated, activationMessage, fromBase64url, initLink, PIN_PATTERN, pinHash, SIGNATURE_ALGORITHM, toBase64url } from "./protocol.ts";
import { type MobileDevice, mobileDevices } from "./tables.ts";

export const MAX_DEVICES = 5;
export const INIT_MINUTES = 10;
export const MAX_NAME_LENGTH = 60;
export const NAME_TOO_LONG = `Your device name can be at most ${MAX_NAME_LENGTH} characters.`;
export const PINS_DIFFER = "The two PIN codes are not the same.";
export const GUESSABLE_PIN = "This PIN code is too easy to guess (like 0000, 1234 or 1212). Please choose another one.";
export const TOO_MANY_DEVICES = `You can have at most ${MAX_DEVICES} mobile devices. Delete one you no longer use first.`;
export const USED_OR_EXPIRED = "This QR code has already been used or has expired. Add the device again in My Account.";
export const NOT_A_PUBLIC_KEY = "The app's key is not a P-256 public key. Update the OpenCPMS Authenticator and scan the QR code again.";
export const ALREADY_ACTIVE = "This device is already initialised.";
export const DEVICE_READY = "Your OpenCPMS Authenticator is ready: it can now approve your sign-ins.";
export const AUTHENTICATOR_LABEL = "OpenCPMS Authenticator";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string) => UUID.test(id);

export type ListedDevice = {
  id: string;
  name: string;
  status: MobileDevice["status"];
  createdAt: string;
  activatedAt: string | null;
  lastUsedAt: string | null;
  lockedAt: string | null;
  /** Whether sign-ins may be approved with the phone's fingerprint or face. */
  biometrics: boolean;
};

export type NewDevice = { id: string; name: string; link: string; expiresAt: string };

/** Devices that exist for the account: every initialised or locked one, and pending ones within their initialisation time. */
function isLive() {
  return or(ne(mobileDevices.status, "pending"), gt(mobileDevices.initExpiresAt, new Date()));
}

/** Whether the account has a device that may approve sign-ins (the mobile-app methods are set up). */
export async function hasActiveDevice(db: Db, userId: string): Promise<boolean> {
  const found = await db
    .select({ id: mobileDevices.id })
    .from(mobileDevices)
    .where(and(eq(mobileDevices.userId, userId), eq(mobileDevices.status, "active")))
    .limit(1);
  return found.length > 0;
}

/** 0000, 1234, 9876, 1212: the PINs a thief tries first. */
export function isGuessablePin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((digit, i) => digit - digits[i]);
  const isRun = steps.every((step) => step === steps[0] && Math.abs(step) <= 1);
  const isRepeatedPair = pin.length === 4 && pin.slice(0, 2) === pin.slice(2);
  return isRun || isRepeatedPair;
}

/** Trimmed, with every run of white space (line breaks included) as one space: the name goes into mails and lists. */
export function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

function nameError(name: string): FieldError | null {
  const normalised = normaliseName(name);
  if (!normalised) return { field: "name", detail: NO_NAME };
  if (normalised.length > MAX_NAME_LENGTH) return { field: "name", detail: NAME_TOO_LONG };
  return null;
}

function throwIfAny(errors: (FieldError | null)[]): void {
  const found = errors.filter((error): error is FieldError => error !== null);
  if (found.length) throw new BadRequest(found.length === 1 ? found[0].detail : "Please check the highlighted fields.", found);
}

/** Every wrong field of "Add a mobile device", named at once. */
export function checkNewDevice(input: { name: string; pin: string; pinConfirmation: string }): void {
  const pinError = !PIN_PATTERN.test(input.pin)
    ? { field: "pin", detail: NOT_A_PIN }
    : isGuessablePin(input.pin)
      ? { field: "pin", detail: GUESSABLE_PIN }
      : null;
  const confirmationError = input.pinConfirmation !== input.pin ? { field: "pinConfirmation", detail: PINS_DIFFER } : null;
  throwIfAny([nameError(input.name), pinError, confirmationError]);
}

function present(device: MobileDevice): ListedDevice {
  return {
    id: device.id,
    name: device.name,
    status: device.status,
    createdAt: device.createdAt.toISOString(),
    activatedAt: device.activatedAt?.toISOString() ?? null,
    lastUsedAt: device.lastUsedAt?.toISOString() ?? null,
    lockedAt: device.lockedAt?.toISOString() ?? null,
    biometrics: device.biometrics !== null,
  };
}

export async function listDevices(db: Db, userId: string): Promise<ListedDevice[]> {
  const devices = await db
    .select()
    .from(mobileDevices)
    .where(and(eq(mobileDevices.userId, userId), isLive()))
    .orderBy(desc(mobileDevices.createdAt));
  return devices.map(present);
}

/** The account's own device, locked for the rest of the transaction; 404 for any other id. */
export async function findOwnDevice(tx: Db, userId: string, deviceId: string): Promise<MobileDevice> {
  if (!UUID.test(deviceId)) throw new NotFound();
  const [device] = await tx
    .select()
    .from(mobileDevices)
    .where(and(eq(mobileDevices.id, deviceId), eq(mobileDevices.userId, userId), isLive()))
    .for("update");
  if (!device) throw new NotFound();
  return device;
}

/** "Add a mobile device": a pending device and the link its QR code holds. */
export async function addDevice(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  user: User,
  input: { name: string; pin: string; pinConfirmation: string },
): Promise<NewDevice> {
  checkNewDevice(input);
  const name = normaliseName(input.name);
  const sealedPin = await sealSecret(db, config, user.id, await pinHash(input.pin));
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + INIT_MINUTES * 60_000);
  const id = await db.transaction(async (tx) => {
    await lockAccount(tx, user.id);
    // Abandoned initialisations of the account make room first.
    await tx
      .delete(mobileDevices)
      .where(and(eq(mobileDevices.userId, user.id), eq(mobileDevices.status, "pending"), lte(mobileDevices.initExpiresAt, new Date())));
    const [{ devices }] = await tx.select({ devices: count() }).from(mobileDevices).where(eq(mobileDevices.userId, user.id));
    if (devices >= MAX_DEVICES) throw new Conflict(TOO_MANY_DEVICES);
    const [device] = await tx
      .insert(mobileDevices)
      .values({ userId: user.id, name, pinHash: sealedPin, initTokenHash: sha256(token), initExpiresAt: expiresAt })
      .returning({ id: mobileDevices.id });
    await audit(tx, auditEvents, origin, { type: "mobile_device.added_pending", actorId: user.id, subjectId: user.id, details: { deviceId: device.id, name } });
    return device.id;
  });
  return { id, name, link: initLink(config.urls.identity, token), expiresAt: expiresAt.toISOString() };
}

async function isP256PublicKey(publicKey: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey("spki", fromBase64url(publicKey), SIGNATURE_ALGORITHM, true, ["verify"]);
    return key.type === "public";
  } catch {
    return false;
  }
}

/** The app scanned the code: it gets the device secret and the nonce to sign with its PIN proof. */
export async function activateDevice(db: Db, config: Config, origin: RequestOrigin, input: { token: string; publicKey: string }): Promise<Activated> {
  if (!(await isP256PublicKey(input.publicKey))) throw new InvalidField("publicKey", NOT_A_PUBLIC_KEY);
  const tokenHash = sha256(input.token);
  const [found] = await db
    .select({ device: mobileDevices, user: users })
    .from(mobileDevices)
    .innerJoin(users, eq(users.id, mobileDevices.userId))
    .where(and(eq(mobileDevices.initTokenHash, tokenHash), eq(mobileDevices.status, "pending"), gt(mobileDevices.initExpiresAt, new Date())));
  if (!found) throw new BadRequest(USED_OR_EXPIRED);
  const { device, user } = found;
  const secret = toBase64url(randomBytes(32));
  const sealedSecret = await sealSecret(db, config, user.id, secret);
  const nonce = randomToken(32);
  await db.transaction(async (tx) => {
    // Single use: the update re-checks the token, so of two scans racing, one wins.
    const [scanned] = await tx
      .update(mobileDevices)
      .set({ publicKey: input.publicKey, secret: sealedSecret, activationNonce: nonce, initTokenHash: null })
      .where(and(eq(mobileDevices.id, device.id), eq(mobileDevices.initTokenHash, tokenHash), eq(mobileDevices.status, "pending")))
      .returning({ id: mobileDevices.id });
    if (!scanned) throw new BadRequest(USED_OR_EXPIRED);
    await audit(tx, auditEvents, origin, { type: "mobile_device.scanned", subjectId: user.id, details: { deviceId: device.id } });
  });
  wake(`mobile-device:${device.id}`);
  return {
    deviceId: device.id,
    deviceName: device.name,
    secret,
    nonce,
    account: { email: user.email, name: `${user.firstName} ${user.lastName}`.trim() },
  };
}

/** The app proves the PIN over the activation nonce, signed with its key: the device becomes active. */
export async function confirmActivation(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  input: { deviceId: string; pinProof: string; signature: string },
): Promise<void> {
  if (!UUID.test(input.deviceId)) throw new Unauthorized(NOT_A_DEVICE);
  const [device] = await db.select().from(mobileDevices).where(eq(mobileDevices.id, input.deviceId));
  const nonce = device?.activationNonce;
  // No activation under way (unknown, never scanned, or already confirmed): nothing to confirm.
  if (!device || !nonce) throw new Unauthorized(NOT_A_DEVICE);
  if (!(await signedByDevice(device, activationMessage(device.id, nonce, input.pinProof), input.signature))) throw new Unauthorized(NOT_A_DEVICE);
  if (device.status === "locked") throw new DeviceLocked();
  if (device.status !== "pending") throw new Conflict(ALREADY_ACTIVE);
  if (!device.initExpiresAt || device.initExpiresAt <= new Date()) throw new BadRequest(USED_OR_EXPIRED);
  await checkPinProof(db, config, origin, device, nonce, input.pinProof);
  await db.transaction(async (tx) => {
    const [activated] = await tx
      .update(mobileDevices)
      .set({ status: "active", activatedAt: new Date(), activationNonce: null, failedPins: 0 })
      .where(and(eq(mobileDevices.id, device.id), eq(mobileDevices.status, "pending"), eq(mobileDevices.activationNonce, nonce)))
      .returning();
    if (!activated) throw new Conflict(ALREADY_ACTIVE);
    const [owner] = await tx.select().from(users).where(eq(users.id, device.userId));
    await recordFactorChange(tx, config, origin, owner, { change: "added", method: "mobile-app-pin", label: AUTHENTICATOR_LABEL, description: activated.name });
  });
  wake(`mobile-device:${device.id}`);
}

export async function renameDevice(db: Db, origin: RequestOrigin, user: User, deviceId: string, name: string): Promise<ListedDevice> {
  throwIfAny([nameError(name)]);
  return db.transaction(async (tx) => {
    const device = await findOwnDevice(tx, user.id, deviceId);
    const [renamed] = await tx
      .update(mobileDevices)
      .set({ name: normaliseName(name) })
      .where(eq(mobileDevices.id, device.id))
      .returning();
    await audit(tx, auditEvents, origin, {
      type: "mobile_device.renamed",
      actorId: user.id,
      subjectId: user.id,
      details: { deviceId: device.id, from: device.name, to: renamed.name },
    });
    return present(renamed);
  });
}

/**
 * Deletes a device. An active one is a second factor: if no second factor
 * is left without it, the deletion needs `confirmLastFactor` (counted after
 * the deletion, inside the transaction, since one device sets up both
 * mobile-app methods). An active or locked one was a factor once: its
 * removal is mailed. The device's key can act no more from this moment.
 */
export async function removeDevice(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  user: User,
  deviceId: string,
  confirmLastFactor: boolean | undefined,
): Promise<MobileDevice> {
  const device = await db.transaction(async (tx) => {
    await lockAccount(tx, user.id);
    const device = await findOwnDevice(tx, user.id, deviceId);
    await tx.delete(mobileDevices).where(eq(mobileDevices.id, device.id));
    if (device.status === "active") {
      const left = await Promise.all(SECOND_FACTORS.map((factor) => factor.isSetUp(tx, user.id)));
      // With none left, guardLastFactor counts none and refuses unless confirmed; the deletion then rolls back.
      if (!left.some(Boolean)) await guardLastFactor(tx, user.id, confirmLastFactor);
    }
    await audit(tx, auditEvents, origin, {
      type: "mobile_device.deleted",
      actorId: user.id,
      subjectId: user.id,
      details: { deviceId: device.id, name: device.name },
    });
    if (device.status !== "pending")
      await recordFactorChange(tx, config, origin, user, { change: "removed", method: "mobile-app-pin", label: AUTHENTICATOR_LABEL, description: device.name });
    return device;
  });
  wake(`mobile-device:${device.id}`);
  wake(`mobile-user:${user.id}`);
  return device;
}

export type DeviceState = "pending" | "active" | "locked" | "expired" | "deleted";

/** What the My Account page waits on while its QR code is shown. */
export async function deviceState(db: Db, userId: string, deviceId: string): Promise<DeviceState> {
  const [device] = await db
    .select({ status: mobileDevices.status, initExpiresAt: mobileDevices.initExpiresAt })
    .from(mobileDevices)
    .where(and(eq(mobileDevices.id, deviceId), eq(mobileDevices.userId, userId)));
  if (!device) return "deleted";
  if (device.status === "pending" && (!device.initExpiresAt || device.initExpiresAt <= new Date())) return "expired";
  return device.status;
}
