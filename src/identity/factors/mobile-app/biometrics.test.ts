import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { addUser } from "../../accounts/add-user.ts";
import { STRONG_PASSWORD } from "../../accounts/testing.ts";
import { auditEvents } from "../../pg-schema.ts";
import { type Bend, SoftAuthenticator } from "../webauthn/testing/soft-authenticator.ts";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { Authenticator, type AuthenticatorError, memoryStore, type PlatformAuthenticator, type StoredDevice } from "./authenticator.ts";
import { NOT_VERIFIED } from "../webauthn/answers.ts";
import {
  APPROVAL_MISMATCH,
  BIOMETRICS_EXPIRED,
  BIOMETRICS_MISMATCH,
  BIOMETRICS_NOT_VERIFIED,
  BIOMETRICS_OFF,
  NOT_THE_PHONE,
  NOT_THIS_CREDENTIAL,
} from "./biometrics.ts";
import { NOT_A_DEVICE } from "./device-auth.ts";
import { answerMessage, biometricsOnPurpose, type DevicePurpose, pinHash, pinProof, sign, webCryptoHmac } from "./protocol.ts";
import { ALREADY_ANSWERED, PIN_OR_BIOMETRICS, WRONG_NUMBER } from "./requests.ts";
import { mobileAppRequests, mobileDevices } from "./tables.ts";
import { addMobileDevice } from "./testing.ts";

const PIN = "5827";

/** The phone's own WebAuthn, bent where a test needs a wrong answer. */
function platformOf(soft: SoftAuthenticator, bend: Bend = {}): PlatformAuthenticator {
  return { create: async (options) => soft.create(options, bend), get: async (options) => soft.get(options, bend) };
}

describe("Fingerprint or face in place of the PIN in the OpenCPMS Authenticator", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem({ SERVICES: "identity" });
  });
  after(() => system.close());
  const db = () => system.database.db;
  const identity = () => system.server("identity");
  const phoneWebAuthn = () => new SoftAuthenticator(system.config.urls.identity);

  let n = 0;
  /** An account with an initialised device, signed out, a fresh browser, and the phone's WebAuthn. */
  const withDevice = async () => {
    n++;
    const email = `face${n}@hospital.example`;
    const user = await addUser(db(), system.config, { email, firstName: "Ines", lastName: "Moreau", password: STRONG_PASSWORD });
    const account = new TestBrowser(identity());
    assert.equal((await account.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    const { authenticator: phone, device } = await addMobileDevice(account, system, { pin: PIN });
    return { email, id: user.id, phone, device, account, browser: new TestBrowser(identity()), soft: phoneWebAuthn() };
  };
  const startPin = async (browser: TestBrowser, email: string) => {
    const started = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "mobile-app-pin" });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    return started.body.show as { requestId: string; number: number };
  };
  const viewOf = async (phone: Authenticator, device: StoredDevice, requestId: string) => {
    const found = (await phone.requests(device)).find((request) => request.id === requestId);
    assert.ok(found, "the phone sees the sign-in");
    return found;
  };
  const deviceRow = async (id: string) => (await db().select().from(mobileDevices).where(eq(mobileDevices.id, id)))[0];
  const requestRow = async (id: string) => (await db().select().from(mobileAppRequests).where(eq(mobileAppRequests.id, id)))[0];
  const eventsOf = async (userId: string, type: string) =>
    db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, userId), eq(auditEvents.type, type)));
  const refusedWith = (status: number, detail: string) => (error: unknown) => {
    assert.equal((error as Error).message, detail);
    assert.equal((error as AuthenticatorError).status, status);
    return true;
  };
  /** A device's proof as its app signs it (any app signs with the device's own key). */
  const signer = new Authenticator({ store: memoryStore() });
  const deviceProof = (device: StoredDevice, purpose: DevicePurpose = "biometrics-options") => signer.deviceProof(device, purpose);
  /** An approval as the app sends it (`sent`), its device's signature over `signedOver` (by default what is sent). */
  const signedApproval = async (
    device: StoredDevice,
    view: { id: string; nonce: string },
    sent: { number: number; pinProof?: string; assertion?: AuthenticationResponseJSON },
    signedOver: { number: number; pinProof?: string; assertion?: AuthenticationResponseJSON } = sent,
  ) => {
    const { number, pinProof, assertion } = signedOver;
    const message = answerMessage({
      requestId: view.id,
      nonce: view.nonce,
      decision: "approve",
      number,
      pinProof,
      userSignature: assertion?.response.signature,
    });
    return { deviceId: device.deviceId, decision: "approve", ...sent, signature: await sign(device.privateKey, message) };
  };
  const appCall = async (method: "POST" | "DELETE", url: string, body: object) => {
    const response = await identity().inject({ method, url, payload: body, remoteAddress: `198.51.100.${++n % 250}` });
    return { status: response.statusCode, body: response.json() };
  };

  test("turned on with the PIN, a sign-in is approved with fingerprint or face: the session proves swk + user + mca at substantial", async () => {
    const { email, id, phone, device, account, browser, soft } = await withDevice();
    const enabled = await phone.enableBiometrics(device, PIN, platformOf(soft));
    assert.equal(enabled.biometrics?.credentialId, soft.credentials[0].id);
    assert.deepEqual((await phone.store.list())[0].biometrics, enabled.biometrics, "the app keeps it with the device");
    const row = await deviceRow(device.deviceId);
    assert.equal(row.biometrics?.credentialId, soft.credentials[0].id);
    assert.equal(row.biometricsChallenge, null, "the challenge is used up");
    assert.equal((await eventsOf(id, "mobile_device.biometrics_on")).length, 1);
    const listed = await account.get("/api/account/mobile-devices");
    assert.equal(listed.body.devices[0].biometrics, true, "My Account shows it");

    const show = await startPin(browser, email);
    await phone.approveWithBiometrics(enabled, await viewOf(phone, enabled, show.requestId), show.number, platformOf(soft));
    assert.equal((await requestRow(show.requestId)).approvedWith, "user");
    const done = await browser.post("/api/sign-in/second-factor", { answer: {} });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual([...done.body.amr].sort(), ["mca", "mfa", "pwd", "swk", "user"]);
    assert.equal(done.body.acr, "substantial");
    const [approved] = await eventsOf(id, "mobile_app.approved");
    assert.deepEqual(approved.details, { deviceId: device.deviceId, requestId: show.requestId, with: "user" });
    assert.equal((await deviceRow(device.deviceId)).biometrics?.counter, 1, "the credential's counter moved on");

    // The PIN still works, and says so in the amr.
    const again = new TestBrowser(identity());
    const second = await startPin(again, email);
    await phone.answer(enabled, await viewOf(phone, enabled, second.requestId), "approve", { number: second.number, pin: PIN });
    const pinDone = await again.post("/api/sign-in/second-factor", { answer: {} });
    assert.deepEqual([...pinDone.body.amr].sort(), ["mfa", "pin", "pwd", "swk"]);
  });

  test("turning it on needs the right PIN (wrong ones count), a fresh single-use challenge, and a verified credential made here", async () => {
    const { id, phone, device, soft } = await withDevice();
    await assert.rejects(phone.enableBiometrics(device, "1357", platformOf(soft)), refusedWith(400, "Wrong PIN code. 4 tries left."));
    assert.equal((await deviceRow(device.deviceId)).failedPins, 1);
    await assert.rejects(phone.enableBiometrics(device, PIN, platformOf(soft, { isUserVerified: false })), refusedWith(400, NOT_VERIFIED));
    await assert.rejects(
      phone.enableBiometrics(device, PIN, platformOf(soft, { origin: "https://opencpms-login.example.net" })),
      refusedWith(400, `This answer was made for another website. Please use OpenCPMS Login at ${system.config.urls.identity}.`),
    );
    await assert.rejects(
      phone.enableBiometrics(device, PIN, platformOf(soft, { challenge: "c29tZSBvdGhlciBjaGFsbGVuZ2U" })),
      refusedWith(400, BIOMETRICS_MISMATCH),
    );
    assert.equal((await deviceRow(device.deviceId)).biometrics, null, "nothing was turned on");
    assert.equal((await eventsOf(id, "mobile_device.biometrics_on")).length, 0);

    const securityKey = new SoftAuthenticator(system.config.urls.identity, { attachment: "cross-platform", transports: ["usb"] });
    await assert.rejects(
      phone.enableBiometrics(device, PIN, platformOf(securityKey)),
      refusedWith(400, NOT_THE_PHONE),
      "a security key is not the phone's own",
    );
    assert.equal((await deviceRow(device.deviceId)).biometrics, null, "nothing was turned on");
    assert.equal((await eventsOf(id, "mobile_device.biometrics_on")).length, 0);

    // The challenge works once: the same answer sent twice is refused the second time.
    const options = await appCall("POST", "/api/app/biometrics/options", await deviceProof(device));
    assert.equal(options.status, 200, JSON.stringify(options.body));
    assert.equal(options.body.authenticatorSelection.authenticatorAttachment, "platform");
    assert.equal(options.body.authenticatorSelection.userVerification, "required");
    const response = soft.create(options.body);
    const proof = await pinProof(webCryptoHmac(device.secret), options.body.challenge, await pinHash(PIN));
    const turnOn = async () => ({ ...(await deviceProof(device, biometricsOnPurpose(options.body.challenge, response.id))), pinProof: proof, response });
    assert.equal((await appCall("POST", "/api/app/biometrics", await turnOn())).status, 200);
    const replayed = await appCall("POST", "/api/app/biometrics", await turnOn());
    assert.equal(replayed.status, 401, "signed for a challenge that is no longer this device's");
    assert.equal((await deviceRow(device.deviceId)).failedPins, 0, "the right PIN reset the count");
  });

  test("an expired challenge is gone; each call must be signed by the device for that call", async () => {
    const { phone, device, soft } = await withDevice();
    const stranger = await withDevice();
    const options = await appCall("POST", "/api/app/biometrics/options", await deviceProof(device));
    await db()
      .update(mobileDevices)
      .set({ biometricsChallengeExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(mobileDevices.id, device.deviceId));
    const proof = await pinProof(webCryptoHmac(device.secret), options.body.challenge, await pinHash(PIN));
    const response = soft.create(options.body);
    const signedOn = await deviceProof(device, biometricsOnPurpose(options.body.challenge, response.id));
    const expired = await appCall("POST", "/api/app/biometrics", { ...signedOn, pinProof: proof, response });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.detail, BIOMETRICS_EXPIRED);

    const optionsProof = await deviceProof(device);
    assert.equal((await appCall("DELETE", "/api/app/biometrics", optionsProof)).status, 401, "a proof for asking options does not turn it off");
    assert.equal((await appCall("POST", "/api/app/biometrics/options", await deviceProof(device, "biometrics-off"))).status, 401);
    assert.equal((await appCall("POST", "/api/app/biometrics/options", await deviceProof(device, "requests"))).status, 401);
    const otherCredential = { ...response, id: "b3RoZXItY3JlZGVudGlhbA", rawId: "b3RoZXItY3JlZGVudGlhbA" };
    const swapped = await appCall("POST", "/api/app/biometrics", { ...signedOn, pinProof: proof, response: otherCredential });
    assert.equal(swapped.status, 401, "the signature names the credential: another cannot be slipped in");
    const byAnotherDevice = { ...(await deviceProof(stranger.device)), deviceId: device.deviceId };
    assert.equal((await appCall("POST", "/api/app/biometrics/options", byAnotherDevice)).status, 401);
    const offByAnother = { ...(await deviceProof(stranger.device, "biometrics-off")), deviceId: device.deviceId };
    assert.equal((await appCall("DELETE", "/api/app/biometrics", offByAnother)).status, 401, "nor can another device turn it off");

    for (const bad of [
      { id: "x" },
      { ...response, response: { ...response.response, attestationObject: "x".repeat(9000) } },
      { ...response, response: { ...response.response, transports: ["carrier-pigeon"] } },
      { ...response, extra: true },
    ]) {
      const malformed = await appCall("POST", "/api/app/biometrics", { ...signedOn, pinProof: proof, response: bad });
      assert.equal(malformed.status, 400, JSON.stringify(malformed.body));
    }
    const row = await deviceRow(device.deviceId);
    assert.equal(row.biometrics, null);
    assert.equal(row.failedPins, 0, "refused before the PIN was even checked");
    await phone.enableBiometrics(device, PIN, platformOf(soft));
    assert.notEqual((await deviceRow(device.deviceId)).biometrics, null, "a fresh challenge still works");
  });

  test("a locked device can neither turn it on nor approve with it", async () => {
    const { email, phone, device, browser, soft } = await withDevice();
    const enabled = await phone.enableBiometrics(device, PIN, platformOf(soft));
    const show = await startPin(browser, email);
    const view = await viewOf(phone, enabled, show.requestId);
    await db().update(mobileDevices).set({ status: "locked", lockedAt: new Date() }).where(eq(mobileDevices.id, device.deviceId));
    await assert.rejects(phone.approveWithBiometrics(enabled, view, show.number, platformOf(soft)), (error: AuthenticatorError) => error.status === 423);
    await assert.rejects(phone.enableBiometrics(enabled, PIN, platformOf(soft)), (error: AuthenticatorError) => error.status === 423);
    assert.equal((await requestRow(show.requestId)).status, "pending");
  });

  test("an approval must be this device's credential, verified, over this request; else the sign-in still waits", async () => {
    const { email, phone, device, browser, soft } = await withDevice();
    const enabled = await phone.enableBiometrics(device, PIN, platformOf(soft));
    const show = await startPin(browser, email);
    const view = await viewOf(phone, enabled, show.requestId);

    const otherPhone = phoneWebAuthn();
    otherPhone.create(await appOptions(enabled));
    const attempts: [string, PlatformAuthenticator, string][] = [
      ["another phone's credential", platformOf(otherPhone, { credentialId: otherPhone.credentials[0].id }), NOT_THIS_CREDENTIAL],
      ["no user verification", platformOf(soft, { isUserVerified: false }), NOT_VERIFIED],
      ["made for another sign-in", platformOf(soft, { challenge: "b3RoZXIgc2lnbi1pbg" }), APPROVAL_MISMATCH],
    ];
    for (const [what, platform, detail] of attempts) {
      await assert.rejects(phone.approveWithBiometrics(enabled, view, show.number, platform), refusedWith(400, detail), what);
      assert.equal((await requestRow(show.requestId)).status, "pending", `${what}: the sign-in still waits`);
    }
    // The app that was refused "another phone's credential" forgot it: turn it on again.
    assert.equal((await phone.store.list())[0].biometrics, undefined);

    // The phone's counter behind the stored one: a cloned credential, refused.
    const stored = (await deviceRow(enabled.deviceId)).biometrics;
    assert.ok(stored);
    await db()
      .update(mobileDevices)
      .set({ biometrics: { ...stored, counter: 1000 } })
      .where(eq(mobileDevices.id, enabled.deviceId));
    await assert.rejects(
      phone.approveWithBiometrics(enabled, view, show.number, platformOf(soft)),
      refusedWith(400, BIOMETRICS_NOT_VERIFIED),
      "a counter gone back",
    );
    await db().update(mobileDevices).set({ biometrics: stored }).where(eq(mobileDevices.id, enabled.deviceId));

    // The device's signature covers the fingerprint's: another one cannot be slipped in.
    const assertion = soft.get({ challenge: view.nonce, allowCredentials: [{ id: enabled.biometrics?.credentialId as string, type: "public-key" }] });
    const unsigned = await appCall(
      "POST",
      `/api/app/requests/${view.id}/answer`,
      await signedApproval(enabled, view, { number: show.number, assertion }, { number: show.number }),
    );
    assert.equal(unsigned.status, 401);
    assert.equal(unsigned.body.detail, NOT_A_DEVICE);

    // PIN and fingerprint together: one or the other.
    const proof = await pinProof(webCryptoHmac(enabled.secret), view.nonce, await pinHash(PIN));
    const bothAnswer = await appCall(
      "POST",
      `/api/app/requests/${view.id}/answer`,
      await signedApproval(enabled, view, { number: show.number, pinProof: proof, assertion }),
    );
    assert.equal(bothAnswer.status, 400);
    assert.deepEqual(bothAnswer.body.errors, [{ field: "pin", detail: PIN_OR_BIOMETRICS }]);

    const approval = await signedApproval(enabled, view, { number: show.number, assertion });
    const approved = await appCall("POST", `/api/app/requests/${view.id}/answer`, approval);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal((await requestRow(show.requestId)).status, "approved");
    const again = await appCall("POST", `/api/app/requests/${view.id}/answer`, approval);
    assert.equal(again.status, 409, "a replay");
    assert.equal(again.body.detail, ALREADY_ANSWERED);

    // The same assertion for the next sign-in: made over another nonce, refused, and that sign-in still waits.
    const next = await startPin(new TestBrowser(identity()), email);
    const nextView = await viewOf(phone, enabled, next.requestId);
    const reused = await appCall(
      "POST",
      `/api/app/requests/${nextView.id}/answer`,
      await signedApproval(enabled, nextView, { number: next.number, assertion }),
    );
    assert.equal(reused.status, 400);
    assert.equal(reused.body.detail, APPROVAL_MISMATCH);
    assert.equal((await requestRow(next.requestId)).status, "pending");
  });

  test("with fingerprint or face, the wrong number still denies the sign-in", async () => {
    const { email, phone, device, browser, soft } = await withDevice();
    const enabled = await phone.enableBiometrics(device, PIN, platformOf(soft));
    const show = await startPin(browser, email);
    const view = await viewOf(phone, enabled, show.requestId);
    const wrong = view.numbers.find((number) => number !== show.number) as number;
    await assert.rejects(phone.approveWithBiometrics(enabled, view, wrong, platformOf(soft)), refusedWith(400, WRONG_NUMBER));
    assert.equal((await requestRow(show.requestId)).status, "denied");
  });

  test("turned off, fingerprint or face no longer approves; the PIN does", async () => {
    const { email, id, phone, device, browser, soft } = await withDevice();
    const enabled = await phone.enableBiometrics(device, PIN, platformOf(soft));
    const off = await phone.disableBiometrics(enabled);
    assert.equal(off.biometrics, undefined);
    assert.equal((await deviceRow(device.deviceId)).biometrics, null);
    assert.equal((await eventsOf(id, "mobile_device.biometrics_off")).length, 1);

    const show = await startPin(browser, email);
    const view = await viewOf(phone, enabled, show.requestId);
    // An app that still believes it is on (another copy of the device) is refused by the service, and forgets it.
    await phone.store.save(enabled);
    await assert.rejects(phone.approveWithBiometrics(enabled, view, show.number, platformOf(soft)), refusedWith(400, BIOMETRICS_OFF));
    assert.equal((await phone.store.list())[0].biometrics, undefined);
    await phone.answer(off, view, "approve", { number: show.number, pin: PIN });
    assert.equal((await requestRow(show.requestId)).approvedWith, "pin");
  });

  /** Registration options, for a credential of another phone that this device never turned on. */
  async function appOptions(device: StoredDevice) {
    const options = await appCall("POST", "/api/app/biometrics/options", await deviceProof(device));
    return options.body;
  }
});
