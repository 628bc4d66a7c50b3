import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { addUser } from "../../accounts/add-user.ts";
import { pendingAuthentications, sessions, users } from "../../accounts/tables.ts";
import { STRONG_PASSWORD } from "../../accounts/testing.ts";
import { strengthsOf } from "../../cas/strengths.ts";
import { Authenticator, memoryStore } from "./authenticator.ts";
import { checkPinProof, DeviceLocked, MAX_WRONG_PINS } from "./device-auth.ts";
import { EXPIRED_QR_CODE, mobileAppQrFactor, NOT_A_QR_CODE, newQrQuestion, normaliseQrCode, USED_QR_CODE, WRONG_QR_CODE } from "./factor-qr.ts";
import { parseAppLink, QR_QUESTION_ALPHABET, QR_QUESTION_LENGTH } from "./protocol.ts";
import { mobileAppRequests, mobileDevices } from "./tables.ts";
import { addMobileDevice, TEST_PIN } from "./testing.ts";

/** The phone: the real app logic, with a network that fails, since the QR method needs none. */
function offlinePhone() {
  const calls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    calls.push(String(input));
    throw new TypeError("the phone is offline");
  }) as typeof globalThis.fetch;
  return { app: new Authenticator({ store: memoryStore(), fetch }), calls };
}

describe("Sign in with “Mobile App QR Code”", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;

  let n = 0;
  /**
   * An account with a device added in My Account and initialised by the real
   * app (addMobileDevice), whose keys are then on a phone without network;
   * `setup` stays signed in (My Account), `browser` is a fresh one to sign in with.
   */
  const withDevice = async (pin = TEST_PIN) => {
    n++;
    const email = `qr${n}@hospital.example`;
    const user = await addUser(db(), system.config, { email, firstName: "Quentin", lastName: "Roux", password: STRONG_PASSWORD });
    const setup = new TestBrowser(system.server("identity"));
    await setup.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    const { device } = await addMobileDevice(setup, system, { pin });
    const phone = offlinePhone();
    await phone.app.store.save(device);
    /** Another device of the same account, on the same phone. */
    const addAnother = async (name: string, otherPin: string) => {
      const another = await addMobileDevice(setup, system, { name, pin: otherPin });
      await phone.app.store.save(another.device);
      return another.device;
    };
    return { email, id: user.id, pin, phone, device, setup, addAnother, browser: new TestBrowser(system.server("identity")) };
  };
  const startQr = async (browser: TestBrowser, email: string): Promise<string> => {
    const started = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "mobile-app-qr" });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.method, "mobile-app-qr");
    return started.body.show.link;
  };
  const codeOf = async (phone: Authenticator, link: string, pin: string, deviceId?: string) => {
    const codes = await phone.codes(link, pin);
    return (deviceId ? codes.find((c) => c.device.deviceId === deviceId) : codes[0])?.code as string;
  };
  const answer = (browser: TestBrowser, code: string) => browser.post("/api/sign-in/second-factor", { answer: { code } });
  /** Sessions opened with the app's PIN (amr pin): not the My Account session of `setup`. */
  const sessionsOf = async (userId: string) => (await db().select().from(sessions).where(eq(sessions.userId, userId))).filter((s) => s.amr.includes("pin"));
  const pendingOf = async (userId: string) => (await db().select().from(pendingAuthentications).where(eq(pendingAuthentications.userId, userId)))[0];
  const requestsOf = (userId: string) => db().select().from(mobileAppRequests).where(eq(mobileAppRequests.userId, userId));
  const deviceRow = async (id: string) => (await db().select().from(mobileDevices).where(eq(mobileDevices.id, id)))[0];

  test("the password, then the code the phone computes offline from the QR code, open a session with amr otp and pin, assurance substantial", async () => {
    const { email, id, pin, phone, device, browser } = await withDevice();
    const started = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "mobile-app-qr" });
    assert.equal(started.status, 200);
    assert.equal(started.body.done, false);
    const { link, expiresAt } = started.body.show;
    const parsed = parseAppLink(link);
    assert.equal(parsed?.kind, "qr");
    assert.equal(parsed?.server, system.config.urls.identity);
    const question = parsed?.kind === "qr" ? parsed.question : "";
    assert.match(question, new RegExp(`^[${QR_QUESTION_ALPHABET}]{${QR_QUESTION_LENGTH}}$`));
    const minutesLeft = (Date.parse(expiresAt) - Date.now()) / 60_000;
    assert.ok(minutesLeft > 2.9 && minutesLeft <= 3, `the QR code lives 3 minutes (${minutesLeft})`);
    const [request] = await requestsOf(id);
    assert.equal(request.kind, "qr");
    assert.equal(request.question, question);
    assert.equal(request.status, "pending");
    assert.deepEqual(request.context, { application: "OpenCPMS Login", browser: "Unknown browser", place: browser.ip });
    assert.equal((await sessionsOf(id)).length, 0, "no session before the code");

    const code = await codeOf(phone.app, link, pin);
    assert.match(code, /^\d{8}$/);
    assert.deepEqual(phone.calls, [], "the phone computed the code without the network");

    const done = await answer(browser, `${code.slice(0, 4)} ${code.slice(4)}`);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.done, true);
    const session = (await browser.get("/api/session")).body;
    assert.equal(session.user.email, email);
    assert.deepEqual([...session.amr].sort(), ["mfa", "otp", "pin", "pwd"]);
    assert.equal(session.acr, "substantial");
    assert.ok(strengthsOf(session.amr).includes("PASSWORD_SOFTWARE_TOKEN"), "CAS: a QR sign-in proves PASSWORD_SOFTWARE_TOKEN");
    assert.ok(!strengthsOf(session.amr).includes("PASSWORD_MOBILE_APP"), "CAS: it is not the PIN approval");

    const [used] = await requestsOf(id);
    assert.equal(used.status, "used");
    assert.equal(used.answeredBy, device.deviceId);
    assert.ok((await deviceRow(device.deviceId)).lastUsedAt, "the device's last use is recorded");
  });

  test("a code computed with a wrong PIN is refused and counted by the sign-in; the 5th wrong one ends it, without touching the device's PIN count", async () => {
    const { email, id, pin, phone, device, browser } = await withDevice("1357");
    const link = await startQr(browser, email);
    const wrong = await answer(browser, await codeOf(phone.app, link, "1358"));
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.errors, [{ field: "code", detail: WRONG_QR_CODE }]);
    assert.equal((await pendingOf(id)).attempts, 1);
    for (const badPin of ["0000", "1111", "9999"]) assert.equal((await answer(browser, await codeOf(phone.app, link, badPin))).status, 400);
    const fifth = await answer(browser, await codeOf(phone.app, link, "7531"));
    assert.equal(fifth.status, 429);
    assert.equal(fifth.body.detail, `${WRONG_QR_CODE} That was the last try. Please sign in again.`);
    const right = await answer(browser, await codeOf(phone.app, link, pin));
    assert.equal(right.status, 400);
    assert.equal(right.body.detail, "This sign-in has expired. Please sign in again.");
    assert.equal((await sessionsOf(id)).length, 0);
    const after = await deviceRow(device.deviceId);
    assert.equal(after.status, "active");
    assert.equal(after.failedPins, 0, "the device cannot be told from the code: its PIN count is the app's PIN approval's");

    const again = await startQr(browser, email);
    assert.equal((await answer(browser, await codeOf(phone.app, again, pin))).status, 200, "a new sign-in works");
  });

  test("a password-only session is raised to substantial by a QR code, without the password again", async () => {
    const { email, id, pin, phone, browser } = await withDevice();
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    assert.equal((await browser.get("/api/session")).body.acr, "low");
    const started = await browser.post("/api/session/step-up", { method: "mobile-app-qr" });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const done = await answer(browser, await codeOf(phone.app, started.body.show.link, pin));
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const session = (await browser.get("/api/session")).body;
    assert.equal(session.acr, "substantial");
    assert.ok(session.amr.includes("otp") && session.amr.includes("pin"));
    assert.equal((await sessionsOf(id)).length, 1);
  });

  test("a wrong code, then the right one, in the same sign-in", async () => {
    const { email, id, pin, phone, browser } = await withDevice();
    const link = await startQr(browser, email);
    assert.equal((await answer(browser, await codeOf(phone.app, link, "0001"))).status, 400);
    assert.equal((await answer(browser, await codeOf(phone.app, link, pin))).status, 200);
    assert.equal((await sessionsOf(id)).length, 1);
  });

  test("a used code does not sign in again: not in a new sign-in, not twice in the same one", async () => {
    const { email, id, pin, phone, browser } = await withDevice();
    const link = await startQr(browser, email);
    const code = await codeOf(phone.app, link, pin);
    assert.equal((await answer(browser, code)).status, 200);
    await browser.post("/api/sign-out");

    await startQr(browser, email);
    const replayed = await answer(browser, code);
    assert.equal(replayed.status, 400);
    assert.deepEqual(replayed.body.errors, [{ field: "code", detail: WRONG_QR_CODE }], "a new sign-in has a new question");

    // Two answers racing with one code in one sign-in: one opens a session.
    const racer = new TestBrowser(system.server("identity"));
    const raced = await startQr(racer, email);
    const racedCode = await codeOf(phone.app, raced, pin);
    const before = (await sessionsOf(id)).length;
    const results = await Promise.all([answer(racer, racedCode), answer(racer, racedCode)]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 400], JSON.stringify(results.map((r) => r.body)));
    const loser = results.find((r) => r.status === 400)?.body.detail;
    assert.ok(
      [USED_QR_CODE, "This sign-in has already been completed. Please sign in again.", "This sign-in has expired. Please sign in again."].includes(loser),
      loser,
    );
    assert.equal((await sessionsOf(id)).length, before + 1);
  });

  test("the request is used once, whatever the flow: the same state verified twice is refused the second time", async () => {
    const { email, id, pin, phone, browser } = await withDevice();
    const link = await startQr(browser, email);
    const code = await codeOf(phone.app, link, pin);
    const [user] = await db().select().from(users).where(eq(users.id, id));
    const { state } = await pendingOf(id);
    const context = { db: db(), config: system.config, origin: {}, user };
    assert.deepEqual(await mobileAppQrFactor.verify(context, state, { code }), { amr: ["otp", "pin"], acr: "substantial" });
    await assert.rejects(mobileAppQrFactor.verify(context, state, { code }), (error: Error) => error.message === USED_QR_CODE);
  });

  test("an expired QR code is refused; “Show another QR code” gives a new one that works", async () => {
    const { email, id, pin, phone, browser } = await withDevice();
    const link = await startQr(browser, email);
    await db()
      .update(mobileAppRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(mobileAppRequests.userId, id));
    const expired = await answer(browser, await codeOf(phone.app, link, pin));
    assert.equal(expired.status, 400);
    assert.deepEqual(expired.body.errors, [{ field: "code", detail: EXPIRED_QR_CODE }]);

    const another = await browser.post("/api/sign-in/second-factor/resend", {});
    assert.equal(another.status, 200);
    assert.notEqual(another.body.show.link, link);
    assert.equal((await answer(browser, await codeOf(phone.app, another.body.show.link, pin))).status, 200);
  });

  test("“Show another QR code” retires the previous one: its code no longer works", async () => {
    const { email, id, pin, phone, browser } = await withDevice();
    const first = await startQr(browser, email);
    const firstCode = await codeOf(phone.app, first, pin);
    const [firstRequest] = await requestsOf(id);
    const another = await browser.post("/api/sign-in/second-factor/resend", {});
    assert.equal(another.status, 200);
    const second = another.body.show.link;
    assert.notEqual(second, first);
    const requests = await requestsOf(id);
    assert.equal(requests.length, 1, "one QR code at a time");
    assert.notEqual(requests[0].id, firstRequest.id);

    const old = await answer(browser, firstCode);
    assert.equal(old.status, 400);
    assert.deepEqual(old.body.errors, [{ field: "code", detail: WRONG_QR_CODE }]);
    assert.equal((await answer(browser, await codeOf(phone.app, second, pin))).status, 200);
  });

  test("a code from another user's device, for this user's QR code, is refused", async () => {
    const alice = await withDevice(TEST_PIN);
    const bob = await withDevice(TEST_PIN);
    const link = await startQr(alice.browser, alice.email);
    // Bob's app reads a link of the same server, so it computes a code for it with his device.
    const bobsCode = await codeOf(bob.phone.app, link, TEST_PIN);
    assert.notEqual(bobsCode, await codeOf(alice.phone.app, link, TEST_PIN), "each device has its own secret");
    const refused = await answer(alice.browser, bobsCode);
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.errors, [{ field: "code", detail: WRONG_QR_CODE }]);
    assert.equal((await sessionsOf(alice.id)).length, 0);
    assert.equal((await sessionsOf(bob.id)).length, 0);
  });

  test("a locked device's code is refused; the account's other device still signs in", async () => {
    const { email, pin, phone, device, addAnother, browser } = await withDevice();
    const second = await addAnother("Tablet", "8061");
    const locked = await deviceRow(second.deviceId);
    for (let i = 1; i < MAX_WRONG_PINS; i++)
      await assert.rejects(checkPinProof(db(), system.config, {}, locked, "nonce", "not-a-proof"), {
        message: `Wrong PIN code. ${MAX_WRONG_PINS - i} ${MAX_WRONG_PINS - i === 1 ? "try" : "tries"} left.`,
      });
    await assert.rejects(checkPinProof(db(), system.config, {}, locked, "nonce", "not-a-proof"), DeviceLocked);
    assert.equal((await deviceRow(second.deviceId)).status, "locked");

    const link = await startQr(browser, email);
    const refused = await answer(browser, await codeOf(phone.app, link, "8061", second.deviceId));
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.errors, [{ field: "code", detail: WRONG_QR_CODE }]);
    assert.equal((await answer(browser, await codeOf(phone.app, link, pin, device.deviceId))).status, 200);
  });

  test("a deleted device's code is refused", async () => {
    const { email, pin, phone, device, setup, addAnother, browser } = await withDevice();
    const second = await addAnother("Old phone", pin);
    const link = await startQr(browser, email);
    const deleted = await setup.request("DELETE", `/api/account/mobile-devices/${second.deviceId}`, {});
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    const refused = await answer(browser, await codeOf(phone.app, link, pin, second.deviceId));
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.errors, [{ field: "code", detail: WRONG_QR_CODE }]);
    assert.equal((await answer(browser, await codeOf(phone.app, link, pin, device.deviceId))).status, 200);
  });

  test("malformed codes are refused by their format, counted as attempts of the sign-in but never as a wrong PIN of a device", async () => {
    const { email, id, pin, phone, device, browser } = await withDevice();
    const link = await startQr(browser, email);
    for (const malformed of ["1234567", "ABCDEFGH", "123456789", "1234 567x"]) {
      const refused = await answer(browser, malformed);
      assert.equal(refused.status, 400, malformed);
      assert.deepEqual(refused.body.errors, [{ field: "code", detail: NOT_A_QR_CODE }]);
    }
    assert.equal((await pendingOf(id)).attempts, 4, "the flow counts every answer before looking at it");
    assert.equal((await deviceRow(device.deviceId)).failedPins, 0);
    assert.equal((await requestsOf(id))[0].status, "pending", "the QR code is still usable");
    const code = await codeOf(phone.app, link, pin);
    assert.equal((await answer(browser, `${code.slice(0, 4)}-${code.slice(4)}`)).status, 200, "the last try, with the right code");
  });

  test("the method is offered only to an account with an active device", async () => {
    const { email, id, browser } = await withDevice();
    await db().update(mobileDevices).set({ status: "locked", lockedAt: new Date() }).where(eq(mobileDevices.userId, id));
    const refused = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "mobile-app-qr" });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.errors, [
      { field: "method", detail: "You have not set up “Mobile App QR Code”. Choose another method, or sign in with your password and add it in My Account." },
    ]);
    assert.equal((await requestsOf(id)).length, 0);
    await db().update(mobileDevices).set({ status: "pending", publicKey: null, secret: null }).where(eq(mobileDevices.userId, id));
    assert.equal(await mobileAppQrFactor.isSetUp(db(), id), false, "a device never initialised does not count");
  });
});

test("QR questions use the alphabet without look-alikes, drawn at random; codes are read with or without spaces", () => {
  const questions = new Set(Array.from({ length: 500 }, newQrQuestion));
  assert.equal(questions.size, 500);
  const seen = new Set([...questions].join(""));
  assert.deepEqual([...seen].sort().join(""), [...QR_QUESTION_ALPHABET].sort().join(""), "every character of the alphabet, and only those");
  for (const question of questions) assert.equal(question.length, QR_QUESTION_LENGTH);
  assert.equal(normaliseQrCode("1234 5678"), "12345678");
  assert.equal(normaliseQrCode(" 1234-5678 "), "12345678");
  assert.equal(normaliseQrCode("1234567"), null);
  assert.equal(normaliseQrCode("1234567a"), null);
  assert.equal(normaliseQrCode(12345678), null);
});
