/*
 * Test helpers of the OpenCPMS Authenticator: a device added through My
 * Account and initialised by the real app logic (Authenticator) speaking to
 * the identity service over its inject, so the device it returns can approve
 * sign-ins and compute QR codes exactly as a phone would.
 */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import type { TestBrowser } from "../../../platform/testing/http-client.ts";
import { injectFetch } from "../../../platform/testing/inject-fetch.ts";
import type { System } from "../../../system.ts";
import { confirmSecondFactor } from "../../accounts/testing.ts";
import { Authenticator, memoryStore, type StoredDevice } from "./authenticator.ts";
import { type MobileDevice, mobileDevices } from "./tables.ts";

export const TEST_PIN = "4831";

let phones = 0;

/**
 * The real app logic, speaking to this system's identity service without a
 * port. Each phone comes from its own address (a documentation range), so
 * the initialisation's per-address rate limit counts each phone apart.
 */
export function phoneFor(system: System, options: { ip?: string } = {}): Authenticator {
  phones++;
  const ip = options.ip ?? `198.19.${Math.floor(phones / 250) % 250}.${(phones % 250) + 1}`;
  return new Authenticator({ store: memoryStore(), fetch: injectFetch(system.server("identity"), { ip }) });
}

/**
 * "Add a mobile device" in My Account, then "Initialise" in the app with
 * the same PIN. The browser must be signed in; its session is first marked
 * as having confirmed a second factor now (confirmSecondFactor), as adding a
 * device needs. Pass `authenticator` to add a second device to the same app.
 */
export async function addMobileDevice(
  browser: TestBrowser,
  system: System,
  options: { name?: string; pin?: string; authenticator?: Authenticator } = {},
): Promise<{ authenticator: Authenticator; device: StoredDevice; pin: string; row: MobileDevice }> {
  const pin = options.pin ?? TEST_PIN;
  await confirmSecondFactor(system.database.db, browser);
  const added = await browser.post("/api/account/mobile-devices", { name: options.name ?? "My phone", pin, pinConfirmation: pin });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const authenticator = options.authenticator ?? phoneFor(system);
  const device = await authenticator.initialise(added.body.link, pin);
  const [row] = await system.database.db.select().from(mobileDevices).where(eq(mobileDevices.id, device.deviceId));
  assert.equal(row?.status, "active");
  return { authenticator, device, pin, row };
}
