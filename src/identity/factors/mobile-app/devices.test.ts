import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { addUser } from "../../accounts/add-user.ts";
import { sessions } from "../../accounts/tables.ts";
import { confirmSecondFactor, mailsTo, STRONG_PASSWORD } from "../../accounts/testing.ts";
import { auditEvents } from "../../pg-schema.ts";
import { openSecret } from "../totp/secret-box.ts";
import { addConfirmedApp } from "../totp/testing.ts";
import { Authenticator, memoryStore, readEvents } from "./authenticator.ts";
import { activeDevice, DEVICE_LOCKED, NOT_A_DEVICE } from "./device-auth.ts";
import { NO_NAME } from "./device-schemas.ts";
import {
  DEVICE_READY,
  GUESSABLE_PIN,
  INIT_MINUTES,
  isGuessablePin,
  MAX_DEVICES,
  NAME_TOO_LONG,
  NOT_A_PUBLIC_KEY,
  PINS_DIFFER,
  TOO_MANY_DEVICES,
  USED_OR_EXPIRED,
} from "./devices.ts";
import { nodeHmac } from "./ocra-node.ts";
import { type Activated, activationMessage, fromBase64url, parseAppLink, pinHash, pinProof, SIGNATURE_ALGORITHM, sign, toBase64url } from "./protocol.ts";
import { mobileDevices } from "./tables.ts";
import { addMobileDevice, phoneFor, TEST_PIN } from "./testing.ts";

const PIN = "4831";
const OTHER_PIN = "5927";

/** A key pair as the app makes it, and its public key as the app sends it. */
async function appKeys(algorithm: EcKeyGenParams = SIGNATURE_ALGORITHM) {
  const pair = (await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
  return { privateKey: pair.privateKey, publicKey: toBase64url(new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey))) };
}

/** The app's PIN proof and signature over the activation nonce. */
async function confirmation(activated: Activated, privateKey: CryptoKey, pin: string) {
  const proof = await pinProof(nodeHmac(fromBase64url(activated.secret)), activated.nonce, await pinHash(pin));
  return { deviceId: activated.deviceId, pinProof: proof, signature: await sign(privateKey, activationMessage(activated.deviceId, activated.nonce, proof)) };
}

describe("Manage my mobile devices, and initialising the OpenCPMS Authenticator", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;
  const identity = () => system.server("identity");
  let n = 0;
  let appAddress = 0;

  const signedIn = async () => {
    n++;
    const email = `device${n}@hospital.example`;
    const { id } = await addUser(db(), system.config, { email, firstName: "Marta", lastName: "Kowalska", password: STRONG_PASSWORD });
    const browser = new TestBrowser(identity());
    assert.equal((await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    await confirmSecondFactor(db(), browser);
    return { email, id, browser };
  };
  const addPending = async (browser: TestBrowser, name = "My phone", pin = PIN) => {
    const added = await browser.post("/api/account/mobile-devices", { name, pin, pinConfirmation: pin });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    return added;
  };
  /** A call of the app: no cookie, no CSRF token, each test from its own address. */
  const appCall = async (path: string, body: unknown, ip = `198.51.100.${++appAddress % 250}`) => {
    const response = await identity().inject({ method: "POST", url: path, payload: body as object, remoteAddress: ip });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };
  const tokenOf = (link: string) => {
    const parsed = parseAppLink(link);
    assert.equal(parsed?.kind, "init");
    return parsed.kind === "init" ? parsed.token : "";
  };
  const scan = async (link: string) => {
    const keys = await appKeys();
    const answer = await appCall("/api/app/activate", { token: tokenOf(link), publicKey: keys.publicKey });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return { activated: answer.body as Activated, ...keys };
  };
  const rowOf = async (deviceId: string) => (await db().select().from(mobileDevices).where(eq(mobileDevices.id, deviceId)))[0];
  const typesOf = async (userId: string) => (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, userId))).map((e) => e.type);
  const isSetUp = async (browser: TestBrowser, method: string) =>
    (await browser.get("/api/account")).body.methods.find((m: { method: string }) => m.method === method).isSetUp;

  test("a device added in My Account is initialised by the app's link and PIN, audited and mailed, and becomes a verification method", async () => {
    const { email, id, browser } = await signedIn();
    const before = Date.now();
    const added = await addPending(browser, "  Work phone ");
    assert.equal(added.headers["cache-control"], "no-store");
    assert.equal(added.body.name, "Work phone");
    const token = tokenOf(added.body.link);
    assert.equal(added.body.link, `${system.config.urls.identity}/app/#/init/${token}`);
    assert.ok(token.length >= 40, "a 256-bit token");
    const expiresIn = Date.parse(added.body.expiresAt) - before;
    assert.ok(expiresIn > (INIT_MINUTES - 1) * 60_000 && expiresIn <= INIT_MINUTES * 60_000 + 5000);

    const pending = await rowOf(added.body.id);
    assert.equal(pending.status, "pending");
    assert.notEqual(pending.initTokenHash, token, "only the token's hash is kept");
    assert.equal(pending.pinHash.includes(await pinHash(PIN)), false, "the PIN's hash is sealed");
    assert.equal(await openSecret(db(), system.config, id, pending.pinHash), await pinHash(PIN));
    const listedPending = (await browser.get("/api/account/mobile-devices")).body.devices;
    assert.deepEqual(
      listedPending.map((d: { name: string; status: string }) => [d.name, d.status]),
      [["Work phone", "pending"]],
    );
    assert.equal(await isSetUp(browser, "mobile-app-qr"), false, "not before it is initialised");
    assert.equal((await mailsTo(db(), email)).length, 0, "a pending device is no factor yet: nothing mailed");

    const phone = phoneFor(system);
    const device = await phone.initialise(added.body.link, PIN);
    assert.equal(device.deviceId, added.body.id);
    assert.equal(device.deviceName, "Work phone");
    assert.deepEqual(device.account, { email, name: "Marta Kowalska" });
    assert.equal(device.server, system.config.urls.identity);
    assert.deepEqual(
      (await phone.store.list()).map((d) => d.deviceId),
      [device.deviceId],
    );

    const active = await rowOf(device.deviceId);
    assert.equal(active.status, "active");
    assert.ok(active.activatedAt);
    assert.equal(active.initTokenHash, null, "the token is used up");
    assert.equal(active.activationNonce, null);
    assert.match(active.secret ?? "", /^v1:/, "the device secret is sealed");
    assert.ok(active.publicKey);
    assert.equal((await activeDevice(db(), device.deviceId)).id, device.deviceId, "the device may now act");

    const [listed] = (await browser.get("/api/account/mobile-devices")).body.devices;
    assert.equal(listed.status, "active");
    assert.ok(listed.activatedAt && listed.createdAt);
    assert.equal(listed.lockedAt, null);
    assert.deepEqual(Object.keys(listed).sort(), ["activatedAt", "biometrics", "createdAt", "id", "lastUsedAt", "lockedAt", "name", "status"]);
    assert.equal(listed.biometrics, false, "fingerprint or face is off until the app turns it on");
    assert.equal(await isSetUp(browser, "mobile-app-qr"), true);

    const [mail] = await mailsTo(db(), email);
    assert.equal(mail.subject, "OpenCPMS Login: a verification method was added");
    assert.match(mail.text, /OpenCPMS Authenticator \(Work phone\) was added to your OpenCPMS Login account/);
    const types = await typesOf(id);
    for (const type of ["mobile_device.added_pending", "mobile_device.scanned", "factor.added"]) assert.ok(types.includes(type), type);
    const events = await db().select().from(auditEvents).where(eq(auditEvents.subjectId, id));
    const logged = JSON.stringify(events);
    assert.equal(logged.includes(PIN), false, "no PIN in the audit log");
    assert.equal(logged.includes(await pinHash(PIN)), false, "nor its hash");
  });

  test("the answer to the scan confirms with the app's own signature; the confirmation answers the ready message", async () => {
    const { browser } = await signedIn();
    const added = await addPending(browser);
    const { activated, privateKey } = await scan(added.body.link);
    assert.match(activated.secret, /^[A-Za-z0-9_-]{43}$/, "32 bytes in base64url");
    const confirmed = await appCall("/api/app/activate/confirm", await confirmation(activated, privateKey, PIN));
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.deepEqual(confirmed.body, { message: DEVICE_READY });
  });

  test("“Add a mobile device” names every wrong field, refuses guessable PINs, and creates nothing", async () => {
    const { id, browser } = await signedIn();
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ name: "   ", pin: PIN, pinConfirmation: PIN }, { name: NO_NAME }],
      [{ name: "x".repeat(61), pin: PIN, pinConfirmation: PIN }, { name: NAME_TOO_LONG }],
      [{ name: "Phone", pin: "483", pinConfirmation: "483" }, { pin: "Your PIN code is 4 digits." }],
      [{ name: "Phone", pin: "48a1", pinConfirmation: "48a1" }, { pin: "Your PIN code is 4 digits." }],
      [{ name: "Phone", pin: PIN, pinConfirmation: OTHER_PIN }, { pinConfirmation: PINS_DIFFER }],
      [{ name: "Phone", pin: "1234", pinConfirmation: "1234" }, { pin: GUESSABLE_PIN }],
      [
        { name: "", pin: "12", pinConfirmation: "34" },
        { name: NO_NAME, pin: "Your PIN code is 4 digits.", pinConfirmation: PINS_DIFFER },
      ],
      [{ name: "Phone", pin: { digits: "4831" }, pinConfirmation: "4831" }, { pin: "Your PIN code is 4 digits." }],
      [{ name: "Phone", pin: PIN }, { pinConfirmation: "This field is required." }],
    ];
    for (const [body, expected] of cases) {
      const refused = await browser.post("/api/account/mobile-devices", body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.deepEqual(
        Object.fromEntries(refused.body.errors.map((e: { field: string; detail: string }) => [e.field, e.detail])),
        expected,
        JSON.stringify(body),
      );
    }
    assert.equal((await browser.post("/api/account/mobile-devices", { name: "Phone", pin: PIN, pinConfirmation: PIN, extra: 1 })).status, 400);
    assert.equal((await db().select().from(mobileDevices).where(eq(mobileDevices.userId, id))).length, 0);
    assert.equal((await typesOf(id)).includes("mobile_device.added_pending"), false);
  });

  test("guessable PINs: one digit repeated, runs up or down, a pair repeated", () => {
    for (const pin of ["0000", "7777", "0123", "1234", "6789", "9876", "3210", "1212", "0909"]) assert.equal(isGuessablePin(pin), true, pin);
    for (const pin of ["4831", "5927", "1235", "2468", "1122", "9780"]) assert.equal(isGuessablePin(pin), false, pin);
  });

  test("adding needs a session, a recent sign-in, and a second factor once the account has one", async () => {
    const anonymous = new TestBrowser(identity());
    assert.equal((await anonymous.get("/api/account/mobile-devices")).status, 401);
    assert.equal((await anonymous.post("/api/account/mobile-devices", { name: "Phone", pin: PIN, pinConfirmation: PIN })).status, 401);

    const { id, email, browser } = await signedIn();
    await addMobileDevice(browser, system);
    await db()
      .update(sessions)
      .set({ authTime: new Date(Date.now() - 10 * 60_000) })
      .where(eq(sessions.userId, id));
    const stale = await browser.post("/api/account/mobile-devices", { name: "Tablet", pin: PIN, pinConfirmation: PIN });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.code, "reauthentication_required");

    const passwordOnly = new TestBrowser(identity());
    await passwordOnly.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    const weak = await passwordOnly.post("/api/account/mobile-devices", { name: "Tablet", pin: PIN, pinConfirmation: PIN });
    assert.equal(weak.status, 401);
    assert.equal(weak.body.code, "step_up_required");
    assert.equal((await db().select().from(mobileDevices).where(eq(mobileDevices.userId, id))).length, 1);
  });

  test("at most five devices; a pending device whose initialisation expired is not listed, not counted, and its code no longer works", async () => {
    const { id, browser } = await signedIn();
    const expired = await addPending(browser, "Expired");
    await db()
      .update(mobileDevices)
      .set({ initExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(mobileDevices.id, expired.body.id));
    assert.deepEqual((await browser.get("/api/account/mobile-devices")).body.devices, []);
    const late = await appCall("/api/app/activate", { token: tokenOf(expired.body.link), publicKey: (await appKeys()).publicKey });
    assert.equal(late.status, 400);
    assert.equal(late.body.detail, USED_OR_EXPIRED);

    for (let i = 1; i <= MAX_DEVICES; i++) await addPending(browser, `Phone ${i}`);
    const sixth = await browser.post("/api/account/mobile-devices", { name: "Phone 6", pin: PIN, pinConfirmation: PIN });
    assert.equal(sixth.status, 409);
    assert.equal(sixth.body.detail, TOO_MANY_DEVICES);
    const names = (await browser.get("/api/account/mobile-devices")).body.devices.map((d: { name: string }) => d.name);
    assert.deepEqual(names, ["Phone 5", "Phone 4", "Phone 3", "Phone 2", "Phone 1"], "newest first");
    assert.equal(await rowOf(expired.body.id), undefined, "the abandoned one made room");
    assert.equal((await db().select().from(mobileDevices).where(eq(mobileDevices.userId, id))).length, MAX_DEVICES);
  });

  test("a QR code works once: a replayed, unknown or expired token gets the same answer and changes nothing", async () => {
    const { browser } = await signedIn();
    const added = await addPending(browser);
    const { activated } = await scan(added.body.link);
    const afterScan = await rowOf(activated.deviceId);
    const replay = await appCall("/api/app/activate", { token: tokenOf(added.body.link), publicKey: (await appKeys()).publicKey });
    assert.equal(replay.status, 400);
    assert.equal(replay.body.detail, USED_OR_EXPIRED);
    assert.deepEqual(await rowOf(activated.deviceId), afterScan, "the first scan's key and secret stay");
    const unknown = await appCall("/api/app/activate", { token: "A".repeat(43), publicKey: (await appKeys()).publicKey });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.detail, USED_OR_EXPIRED);
    assert.equal(
      (
        await phoneFor(system)
          .initialise(added.body.link, PIN)
          .catch((error) => error)
      ).message,
      USED_OR_EXPIRED,
      "the app shows the message",
    );
  });

  test("a key that is not a P-256 public key is refused on its field, and the code still works afterwards", async () => {
    const { browser } = await signedIn();
    const added = await addPending(browser);
    const token = tokenOf(added.body.link);
    const p384 = (await appKeys({ name: "ECDSA", namedCurve: "P-384" })).publicKey;
    for (const publicKey of ["AAAA", p384, toBase64url(new TextEncoder().encode("not a key"))]) {
      const refused = await appCall("/api/app/activate", { token, publicKey });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body.errors, [{ field: "publicKey", detail: NOT_A_PUBLIC_KEY }]);
    }
    const malformed = await appCall("/api/app/activate", { token, publicKey: "not base64url!" });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.errors[0].field, "publicKey");
    const row = await rowOf(added.body.id);
    assert.equal(row.publicKey, null);
    assert.ok(row.initTokenHash);
    await phoneFor(system).initialise(added.body.link, PIN);
    assert.equal((await rowOf(added.body.id)).status, "active");
  });

  test("a confirmation not signed by the scanning app's key is refused as not a device; confirming twice is refused and mails once", async () => {
    const { email, browser } = await signedIn();
    const added = await addPending(browser);
    const { activated, privateKey } = await scan(added.body.link);
    const intruder = await appKeys();
    const forged = await confirmation(activated, intruder.privateKey, PIN);
    const refused = await appCall("/api/app/activate/confirm", forged);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.detail, NOT_A_DEVICE);
    const honest = await confirmation(activated, privateKey, PIN);
    const otherProof = (await confirmation(activated, privateKey, OTHER_PIN)).pinProof;
    const tampered = await appCall("/api/app/activate/confirm", { ...honest, pinProof: otherProof });
    assert.equal(tampered.status, 401, "the signature covers the PIN proof");
    assert.equal((await appCall("/api/app/activate/confirm", { ...honest, signature: "AAAA" })).status, 401);
    assert.equal((await appCall("/api/app/activate/confirm", { ...honest, deviceId: "not-a-device" })).status, 401);
    assert.equal((await rowOf(activated.deviceId)).status, "pending");
    assert.equal((await rowOf(activated.deviceId)).failedPins, 0, "refused before the PIN is looked at");

    assert.equal((await appCall("/api/app/activate/confirm", honest)).status, 200);
    const twice = await appCall("/api/app/activate/confirm", honest);
    assert.equal(twice.status, 401);
    assert.equal((await mailsTo(db(), email)).filter((m) => m.subject.includes("was added")).length, 1);
    assert.equal((await rowOf(activated.deviceId)).status, "active");
  });

  test("a wrong PIN at confirmation counts down, the fifth locks the device and mails its owner; the right PIN then no longer helps", async () => {
    const { id, email, browser } = await signedIn();
    const added = await addPending(browser, "Lost phone");
    const { activated, privateKey } = await scan(added.body.link);
    for (const left of [4, 3, 2, 1]) {
      const wrong = await appCall("/api/app/activate/confirm", await confirmation(activated, privateKey, OTHER_PIN));
      assert.equal(wrong.status, 400);
      const message = `Wrong PIN code. ${left} ${left === 1 ? "try" : "tries"} left.`;
      assert.deepEqual(wrong.body.errors, [{ field: "pin", detail: message }]);
      assert.equal((await rowOf(activated.deviceId)).status, "pending");
    }
    const fifth = await appCall("/api/app/activate/confirm", await confirmation(activated, privateKey, OTHER_PIN));
    assert.equal(fifth.status, 423);
    assert.equal(fifth.body.detail, DEVICE_LOCKED);
    const locked = await rowOf(activated.deviceId);
    assert.equal(locked.status, "locked");
    assert.ok(locked.lockedAt);
    const right = await appCall("/api/app/activate/confirm", await confirmation(activated, privateKey, PIN));
    assert.equal(right.status, 423);
    assert.equal((await rowOf(activated.deviceId)).status, "locked");

    const [mail] = await mailsTo(db(), email);
    assert.equal(mail.subject, "OpenCPMS Login: your mobile device was locked");
    assert.match(mail.text, /“Lost phone” was locked after 5 wrong PIN codes/);
    assert.equal(
      (await mailsTo(db(), email)).some((m) => m.subject.includes("was added")),
      false,
      "it never became a factor",
    );
    const types = await typesOf(id);
    assert.equal(types.filter((type) => type === "mobile_device.wrong_pin").length, 5);
    assert.ok(types.includes("mobile_device.locked"));
    const [listed] = (await browser.get("/api/account/mobile-devices")).body.devices;
    assert.equal(listed.status, "locked");
    assert.ok(listed.lockedAt);
    assert.equal(await isSetUp(browser, "mobile-app-qr"), false);
    await assert.rejects(activeDevice(db(), activated.deviceId), (error: Error) => error.message === DEVICE_LOCKED);
  });

  test("a wrong PIN then the right one: the device is active and the count starts again", async () => {
    const { browser } = await signedIn();
    const added = await addPending(browser);
    const { activated, privateKey } = await scan(added.body.link);
    assert.equal((await appCall("/api/app/activate/confirm", await confirmation(activated, privateKey, OTHER_PIN))).status, 400);
    assert.equal((await appCall("/api/app/activate/confirm", await confirmation(activated, privateKey, PIN))).status, 200);
    const row = await rowOf(activated.deviceId);
    assert.equal(row.status, "active");
    assert.equal(row.failedPins, 0);
  });

  test("the app keeps a scanned code after a mistyped PIN: the PIN typed again initialises it, once", async () => {
    const { browser } = await signedIn();
    const added = await addPending(browser);
    const phone = phoneFor(system);
    await assert.rejects(phone.initialise(added.body.link, OTHER_PIN), (error: Error) => error.message === "Wrong PIN code. 4 tries left.");
    const device = await phone.initialise(added.body.link, PIN);
    const row = await rowOf(device.deviceId);
    assert.equal(row.status, "active");
    assert.equal(row.failedPins, 0);
    assert.deepEqual(
      (await phone.store.list()).map((stored) => stored.deviceId),
      [device.deviceId],
    );
    // Done: the same link is a used code again, not a second device.
    await assert.rejects(phone.initialise(added.body.link, PIN), (error: Error) => error.message === USED_OR_EXPIRED);
  });

  test("renaming: white space tidied, audited, and a name is needed", async () => {
    const { id, browser } = await signedIn();
    const { device } = await addMobileDevice(browser, system, { name: "Phone" });
    const renamed = await browser.request("PATCH", `/api/account/mobile-devices/${device.deviceId}`, { name: "  Personal \n phone " });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.device.name, "Personal phone");
    assert.equal((await rowOf(device.deviceId)).name, "Personal phone");
    for (const name of ["", "  ", "y".repeat(61)]) {
      const refused = await browser.request("PATCH", `/api/account/mobile-devices/${device.deviceId}`, { name });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.errors[0].field, "name");
    }
    assert.equal((await browser.request("PATCH", `/api/account/mobile-devices/${device.deviceId}`, {})).status, 400);
    assert.equal((await rowOf(device.deviceId)).name, "Personal phone");
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.type, "mobile_device.renamed")));
    assert.deepEqual(event.details, { deviceId: device.deviceId, from: "Phone", to: "Personal phone" });
  });

  test("another account's device, or a made-up id, is not found: rename, delete and its events change and tell nothing", async () => {
    const owner = await signedIn();
    const { device } = await addMobileDevice(owner.browser, system, { name: "Owner's phone" });
    const pending = await addPending(owner.browser, "Owner's tablet");
    const stranger = await signedIn();
    for (const deviceId of [device.deviceId, pending.body.id, "not-an-id", "00000000-0000-0000-0000-000000000000"]) {
      for (const response of [
        await stranger.browser.request("PATCH", `/api/account/mobile-devices/${deviceId}`, { name: "Mine now" }),
        await stranger.browser.request("DELETE", `/api/account/mobile-devices/${deviceId}`, { confirmLastFactor: true }),
        await stranger.browser.get(`/api/account/mobile-devices/${deviceId}/events`),
      ]) {
        assert.equal(response.status, 404, deviceId);
        assert.equal(response.body.detail, "Not found or no access.");
      }
    }
    assert.deepEqual((await stranger.browser.get("/api/account/mobile-devices")).body.devices, []);
    assert.deepEqual(
      (await owner.browser.get("/api/account/mobile-devices")).body.devices.map((d: { name: string }) => d.name),
      ["Owner's tablet", "Owner's phone"],
    );
    assert.equal((await rowOf(device.deviceId)).status, "active");
  });

  test("deleting the last second factor needs confirmation; the deleted device's key can no longer act", async () => {
    const { id, email, browser } = await signedIn();
    const { device } = await addMobileDevice(browser, system, { name: "Old phone" });
    const remove = (body?: unknown) => browser.request("DELETE", `/api/account/mobile-devices/${device.deviceId}`, body);
    const unconfirmed = await remove();
    assert.equal(unconfirmed.status, 409);
    assert.equal(unconfirmed.body.code, "last_factor");
    assert.equal((await rowOf(device.deviceId)).status, "active", "refused, so nothing was deleted");
    assert.equal((await remove({ confirmLastFactor: "yes" })).status, 400);
    assert.ok(await rowOf(device.deviceId));

    const removed = await remove({ confirmLastFactor: true });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(removed.body.message, "Your mobile device “Old phone” was deleted.");
    assert.equal(await rowOf(device.deviceId), undefined);
    assert.deepEqual((await browser.get("/api/account/mobile-devices")).body.devices, []);
    await assert.rejects(activeDevice(db(), device.deviceId), (error: Error) => error.message === NOT_A_DEVICE);
    const [mail] = await mailsTo(db(), email);
    assert.equal(mail.subject, "OpenCPMS Login: a verification method was removed");
    assert.match(mail.text, /OpenCPMS Authenticator \(Old phone\) was removed from your OpenCPMS Login account/);
    const types = await typesOf(id);
    assert.ok(types.includes("mobile_device.deleted") && types.includes("factor.removed"));
    assert.equal((await remove({ confirmLastFactor: true })).status, 404, "gone");
  });

  test("with another device or another method, a device is deleted without confirmation; a pending one goes without a mail", async () => {
    const { email, browser } = await signedIn();
    const first = await addMobileDevice(browser, system, { name: "Phone" });
    await addMobileDevice(browser, system, { name: "Tablet", authenticator: first.authenticator });
    assert.equal((await browser.request("DELETE", `/api/account/mobile-devices/${first.device.deviceId}`)).status, 200, "the body is optional");

    const other = await signedIn();
    await addConfirmedApp(other.browser);
    const { device } = await addMobileDevice(other.browser, system);
    assert.equal((await other.browser.request("DELETE", `/api/account/mobile-devices/${device.deviceId}`, {})).status, 200);

    const pending = await addPending(browser, "Never scanned");
    const mailsBefore = (await mailsTo(db(), email)).length;
    assert.equal((await browser.request("DELETE", `/api/account/mobile-devices/${pending.body.id}`, {})).status, 200);
    assert.equal((await mailsTo(db(), email)).length, mailsBefore);
    const scanned = await appCall("/api/app/activate", { token: tokenOf(pending.body.link), publicKey: (await appKeys()).publicKey });
    assert.equal(scanned.status, 400, "a deleted device's code no longer works");
  });

  test("deleting needs a recent sign-in", async () => {
    const { id, browser } = await signedIn();
    const { device } = await addMobileDevice(browser, system);
    await db()
      .update(sessions)
      .set({ authTime: new Date(Date.now() - 10 * 60_000) })
      .where(eq(sessions.userId, id));
    const stale = await browser.request("DELETE", `/api/account/mobile-devices/${device.deviceId}`, { confirmLastFactor: true });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.code, "reauthentication_required");
    assert.ok(await rowOf(device.deviceId));
  });

  test("the app's calls need no cookie nor CSRF token, and scanning is rate-limited per address", async () => {
    const { browser } = await signedIn();
    const ip = "203.0.113.77";
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await appCall("/api/app/activate", { token: `unknown${i}`, publicKey: (await appKeys()).publicKey }, ip)).status;
    assert.equal(last, 429);
    const added = await addPending(browser);
    const keys = await appKeys();
    assert.equal((await appCall("/api/app/activate", { token: tokenOf(added.body.link), publicKey: keys.publicKey }, ip)).status, 429);
    assert.equal((await rowOf(added.body.id)).publicKey, null, "refused before it is looked at");
  });

  test("the default fixture PIN is not guessable", () => {
    assert.equal(isGuessablePin(TEST_PIN), false);
  });
});

describe("My Account follows the device while its QR code is shown", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem({}, { listen: true });
  });
  after(() => system.close());

  test("the events stream says pending, then active once the app confirms, and ends", async () => {
    const db = system.database.db;
    const email = "stream@hospital.example";
    await addUser(db, system.config, { email, firstName: "Jan", lastName: "Novak", password: STRONG_PASSWORD });
    const browser = new TestBrowser(system.server("identity"));
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    await confirmSecondFactor(db, browser);
    const added = await browser.post("/api/account/mobile-devices", { name: "Phone", pin: PIN, pinConfirmation: PIN });
    assert.equal(added.status, 201);

    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${system.config.urls.identity}/api/account/mobile-devices/${added.body.id}/events`, {
      headers: { cookie, accept: "text/event-stream" },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
    const statuses: string[] = [];
    let initialised: Promise<unknown> | undefined;
    await readEvents(response.body as ReadableStream<Uint8Array>, (event, data) => {
      assert.equal(event, "status");
      statuses.push((data as { status: string }).status);
      // The page shows the QR code; the phone scans it over the network.
      if (statuses.length === 1) initialised = new Authenticator({ store: memoryStore() }).initialise(added.body.link, PIN);
    });
    await initialised;
    assert.deepEqual(statuses, ["pending", "active"]);

    const anonymous = await fetch(`${system.config.urls.identity}/api/account/mobile-devices/${added.body.id}/events`);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
  });

  test("a device deleted while its QR code is shown ends the stream with “deleted”", async () => {
    const db = system.database.db;
    const email = "stream-deleted@hospital.example";
    await addUser(db, system.config, { email, firstName: "Eva", lastName: "Berg", password: STRONG_PASSWORD });
    const browser = new TestBrowser(system.server("identity"));
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    await confirmSecondFactor(db, browser);
    const added = await browser.post("/api/account/mobile-devices", { name: "Phone", pin: PIN, pinConfirmation: PIN });
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${system.config.urls.identity}/api/account/mobile-devices/${added.body.id}/events`, { headers: { cookie } });
    const statuses: string[] = [];
    let deleted: Promise<unknown> | undefined;
    await readEvents(response.body as ReadableStream<Uint8Array>, (_event, data) => {
      statuses.push((data as { status: string }).status);
      if (statuses.length === 1) deleted = browser.request("DELETE", `/api/account/mobile-devices/${added.body.id}`, {});
    });
    assert.equal(((await deleted) as { status: number }).status, 200);
    assert.deepEqual(statuses, ["pending", "deleted"]);
  });
});
