/*
 * How the service knows it is talking to a device of the OpenCPMS
 * Authenticator, and checks its PIN:
 * - a device has no session: each request carries its id and a signature by
 *   its key (protocol.ts), over the time for reads (within a few minutes of
 *   now) or over the request's nonce for answers;
 * - an unknown, deleted or not yet initialised device, or a bad signature,
 *   gets the same 401; a locked device gets 423 with what to do;
 * - a wrong PIN proof counts on the device and is refused on the field
 *   "pin" with the tries left; MAX_WRONG_PINS in a row lock it (audited, and
 *   mailed to the owner); a right one resets the count.
 */
import { and, eq, sql } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import { constantTimeEqual } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/database.ts";
import { InvalidField, Problem, Unauthorized } from "../../../platform/http/errors.ts";
import { enqueue } from "../../../platform/mail/outbox.ts";
import { users } from "../../accounts/tables.ts";
import { auditEvents, outbox } from "../../pg-schema.ts";
import { openSecret } from "../totp/secret-box.ts";
import { DEVICE_CLOCK_SKEW_MS, type DevicePurpose, deviceMessage, fromBase64url, pinProof, verifySignature } from "./protocol.ts";
import { nodeHmac } from "./ocra-node.ts";
import { type MobileDevice, mobileDevices } from "./tables.ts";

export const MAX_WRONG_PINS = 5;
export const NOT_A_DEVICE = "This device is not known to OpenCPMS Login. Initialise the app again from My Account → Manage my mobile devices.";
export const DEVICE_LOCKED = "This device is locked after too many wrong PIN codes. Delete it in My Account → Manage my mobile devices and add it again.";
export const WRONG_PIN = "Wrong PIN code.";

export class DeviceLocked extends Problem {
  constructor() {
    super(423, "Locked", DEVICE_LOCKED, undefined, { code: "device_locked" });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The device with this id if it may act (initialised, not locked); throws otherwise. */
export async function activeDevice(db: Db, deviceId: string): Promise<MobileDevice> {
  if (!UUID.test(deviceId)) throw new Unauthorized(NOT_A_DEVICE);
  const [device] = await db.select().from(mobileDevices).where(eq(mobileDevices.id, deviceId));
  if (!device || device.status === "pending" || !device.publicKey) throw new Unauthorized(NOT_A_DEVICE);
  if (device.status === "locked") throw new DeviceLocked();
  return device;
}

/** A device reading its requests or listening: `query` holds device, at, signature. */
export async function authenticateDevice(db: Db, query: { device?: string; at?: string; signature?: string }, purpose: DevicePurpose): Promise<MobileDevice> {
  const at = Number(query.at);
  if (!query.device || !query.signature || !Number.isSafeInteger(at) || Math.abs(Date.now() - at) > DEVICE_CLOCK_SKEW_MS)
    throw new Unauthorized(`${NOT_A_DEVICE} (Or the phone's clock is wrong: check its date and time.)`);
  const device = await activeDevice(db, query.device);
  if (!(await verifySignature(device.publicKey as string, deviceMessage(device.id, purpose, at), query.signature))) throw new Unauthorized(NOT_A_DEVICE);
  return device;
}

/** The same, for a call that carries the device's proof in its body (deviceId, at, signature). */
export function authenticateDeviceProof(db: Db, proof: { deviceId: string; at: number; signature: string }, purpose: DevicePurpose): Promise<MobileDevice> {
  return authenticateDevice(db, { device: proof.deviceId, at: String(proof.at), signature: proof.signature }, purpose);
}

/** Whether the device signed `message` (false for a pending device's missing key too). */
export async function signedByDevice(device: MobileDevice, message: string, signature: string): Promise<boolean> {
  return device.publicKey ? verifySignature(device.publicKey, message, signature) : false;
}

/** The device secret, as the HMAC the PIN proof and OCRA use. */
export async function deviceHmac(db: Db, config: Config, device: MobileDevice) {
  if (!device.secret) throw new Error(`mobile device ${device.id} has no secret`);
  return nodeHmac(fromBase64url(await openSecret(db, config, device.userId, device.secret)));
}

export async function devicePinHash(db: Db, config: Config, device: MobileDevice): Promise<string> {
  return openSecret(db, config, device.userId, device.pinHash);
}

/**
 * Checks a PIN proof over `nonce`. A wrong one is counted (and audited) and
 * refused with the tries left (InvalidField "pin"); the MAX_WRONG_PINS-th
 * locks the device and throws DeviceLocked.
 */
export async function checkPinProof(db: Db, config: Config, origin: RequestOrigin, device: MobileDevice, nonce: string, proof: string): Promise<void> {
  const expected = await pinProof(await deviceHmac(db, config, device), nonce, await devicePinHash(db, config, device));
  if (constantTimeEqual(expected, proof)) {
    if (device.failedPins) await db.update(mobileDevices).set({ failedPins: 0 }).where(eq(mobileDevices.id, device.id));
    return;
  }
  const [counted] = await db
    .update(mobileDevices)
    .set({ failedPins: sql`${mobileDevices.failedPins} + 1` })
    .where(and(eq(mobileDevices.id, device.id), eq(mobileDevices.status, device.status)))
    .returning({ failedPins: mobileDevices.failedPins });
  await audit(db, auditEvents, origin, {
    type: "mobile_device.wrong_pin",
    subjectId: device.userId,
    details: { deviceId: device.id, attempt: counted?.failedPins ?? null },
  });
  const failedPins = counted?.failedPins ?? MAX_WRONG_PINS;
  if (failedPins >= MAX_WRONG_PINS) {
    await lockDevice(db, origin, device);
    throw new DeviceLocked();
  }
  const left = MAX_WRONG_PINS - failedPins;
  throw new InvalidField("pin", `${WRONG_PIN} ${left} ${left === 1 ? "try" : "tries"} left.`);
}

async function lockDevice(db: Db, origin: RequestOrigin, device: MobileDevice): Promise<void> {
  await db.transaction(async (tx) => {
    const [locked] = await tx
      .update(mobileDevices)
      .set({ status: "locked", lockedAt: new Date() })
      .where(and(eq(mobileDevices.id, device.id), sql`${mobileDevices.status} <> 'locked'`))
      .returning();
    if (!locked) return;
    await audit(tx, auditEvents, origin, { type: "mobile_device.locked", subjectId: device.userId, details: { deviceId: device.id, name: device.name } });
    const [owner] = await tx.select().from(users).where(eq(users.id, device.userId));
    if (owner)
      await enqueue(tx, outbox, {
        channel: "mail",
        to: owner.email,
        subject: "OpenCPMS Login: your mobile device was locked",
        text: `Dear ${owner.firstName},

Your mobile device “${device.name}” was locked after ${MAX_WRONG_PINS} wrong PIN codes in a row. It can no longer approve sign-ins.

If this was you, delete the device in My Account → Manage my mobile devices and add it again with a new PIN code. If it was not you, someone may have your phone: change your password as well.

OpenCPMS Login`,
      });
  });
}
