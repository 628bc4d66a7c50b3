import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { sha256 } from "../../../platform/crypto.ts";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { PENDING_COOKIE, SESSION_COOKIE } from "../../accounts/cookies.ts";
import { addUser } from "../../accounts/add-user.ts";
import { pendingAuthentications } from "../../accounts/tables.ts";
import { confirmSecondFactor, mailsTo, STRONG_PASSWORD } from "../../accounts/testing.ts";
import { addCasService } from "../../cas/services.ts";
import { oidcClients, oidcPayloads } from "../../oidc/tables.ts";
import { auditEvents } from "../../pg-schema.ts";
import { Authenticator, type AuthenticatorError, memoryStore, readEvents, type StoredDevice } from "./authenticator.ts";
import { DEVICE_LOCKED, NOT_A_DEVICE } from "./device-auth.ts";
import { DENIED_BY_USER, DENIED_FOR_NUMBER, MAX_WAITING, NOT_ANSWERED, REQUEST_MINUTES, SIGN_IN_REQUEST_EXPIRED } from "./factor-pin.ts";
import { type AppRequestView, answerMessage, type Decision, pinHash, pinProof, sign, toBase64url, webCryptoHmac } from "./protocol.ts";
import { describeBrowser, describePlace, OWN_APPLICATION } from "./request-context.ts";
import { ALREADY_ANSWERED, numbersFor, REQUEST_EXPIRED, WRONG_NUMBER } from "./requests.ts";
import { mobileAppRequests, mobileDevices } from "./tables.ts";
import { addMobileDevice } from "./testing.ts";

const CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const PIN = "5827";

describe("Sign in with “Mobile App PIN Code”", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem({ SERVICES: "identity" }, { listen: true });
  });
  after(() => system.close());
  const db = () => system.database.db;
  const identity = () => system.server("identity");

  let n = 0;
  /**
   * An account with one device added in My Account and initialised by a
   * phone (the real app logic over the service's inject), signed out, and a
   * fresh browser to sign in with.
   */
  const withDevice = async () => {
    n++;
    const email = `pin${n}@hospital.example`;
    const user = await addUser(db(), system.config, { email, firstName: "Petra", lastName: "Novak", password: STRONG_PASSWORD });
    const account = new TestBrowser(identity());
    assert.equal((await account.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    const { authenticator: phone, device } = await addMobileDevice(account, system, { pin: PIN });
    assert.equal((await account.post("/api/sign-out")).status, 200);
    return { email, id: user.id, phone, device, browser: new TestBrowser(identity()) };
  };

  type Show = { requestId: string; number: number; expiresAt: string };
  const startPin = async (browser: TestBrowser, email: string, choice?: Record<string, unknown>): Promise<Show> => {
    const started = await browser.request(
      "POST",
      "/api/sign-in",
      { email, password: STRONG_PASSWORD, method: "mobile-app-pin", ...(choice ? { choice } : {}) },
      { "user-agent": CHROME_ON_WINDOWS },
    );
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.done, false);
    assert.equal(started.body.method, "mobile-app-pin");
    return started.body.show;
  };
  const waitingOn = async (phone: Authenticator, device: StoredDevice, requestId: string): Promise<AppRequestView> => {
    const found = (await phone.requests(device)).find((request) => request.id === requestId);
    assert.ok(found, "the phone sees the sign-in");
    return found;
  };
  const statusOf = async (browser: TestBrowser) => (await browser.get("/api/sign-in/mobile-app/status")).body;
  const complete = (browser: TestBrowser) => browser.post("/api/sign-in/second-factor", { answer: {} });
  const requestRow = async (id: string) => (await db().select().from(mobileAppRequests).where(eq(mobileAppRequests.id, id)))[0];
  const deviceRow = async (id: string) => (await db().select().from(mobileDevices).where(eq(mobileDevices.id, id)))[0];
  const eventsOf = async (userId: string, type: string) =>
    db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, userId), eq(auditEvents.type, type)));

  /** An answer as the app signs it, to send as it is (or again). */
  const signedAnswer = async (device: StoredDevice, view: { id: string; nonce: string }, decision: Decision, number?: number, pin?: string) => {
    const proof = pin === undefined ? undefined : await pinProof(webCryptoHmac(device.secret), view.nonce, await pinHash(pin));
    const signature = await sign(device.privateKey, answerMessage({ requestId: view.id, nonce: view.nonce, decision, number, pinProof: proof }));
    return { deviceId: device.deviceId, decision, number, pinProof: proof, signature };
  };
  const postAnswer = async (requestId: string, body: unknown, ip = "203.0.113.250") => {
    const response = await identity().inject({ method: "POST", url: `/api/app/requests/${requestId}/answer`, payload: body as object, remoteAddress: ip });
    return { status: response.statusCode, body: response.json() };
  };
  const refusal = (status: number, detail: string) => (error: unknown) => {
    assert.equal((error as AuthenticatorError).status, status);
    assert.equal((error as Error).message, detail);
    return true;
  };

  test("the phone shows the sign-in with three numbers; approved with the browser's number and the PIN, the browser opens a session (swk, pin, substantial)", async () => {
    const { email, id, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    assert.ok(Number.isInteger(show.number) && show.number >= 10 && show.number <= 99);
    const lifetime = new Date(show.expiresAt).getTime() - Date.now();
    assert.ok(lifetime > (REQUEST_MINUTES * 60 - 10) * 1000 && lifetime <= REQUEST_MINUTES * 60_000, "a request lives three minutes");
    assert.deepEqual(await statusOf(browser), { status: "pending", number: show.number });

    const [view, ...others] = await phone.requests(device);
    assert.equal(others.length, 0);
    assert.equal(view.id, show.requestId);
    assert.equal(view.application, OWN_APPLICATION);
    assert.equal(view.browser, "Chrome on Windows");
    assert.equal(view.place, browser.ip);
    assert.ok(Math.abs(new Date(view.time).getTime() - Date.now()) < 60_000);
    assert.equal(view.expiresAt, show.expiresAt);
    assert.equal(view.numbers.length, 3);
    assert.equal(new Set(view.numbers).size, 3, "three different numbers");
    assert.ok(view.numbers.includes(show.number), "one of them is the browser's");
    assert.ok(view.numbers.every((number) => number >= 10 && number <= 99));
    assert.deepEqual((await waitingOn(phone, device, show.requestId)).numbers, view.numbers, "the same numbers, in the same order, each time");

    const usedBefore = (await deviceRow(device.deviceId)).lastUsedAt;
    await phone.answer(device, view, "approve", { number: show.number, pin: PIN });
    assert.deepEqual(await statusOf(browser), { status: "approved", number: show.number });
    assert.deepEqual(await phone.requests(device), [], "an answered request no longer waits");
    const [approved] = await eventsOf(id, "mobile_app.approved");
    assert.deepEqual(approved.details, { deviceId: device.deviceId, requestId: show.requestId, with: "pin" });
    const row = await requestRow(show.requestId);
    assert.equal(row.status, "approved");
    assert.equal(row.answeredBy, device.deviceId);
    assert.ok(row.answeredAt);
    const usedAt = (await deviceRow(device.deviceId)).lastUsedAt;
    assert.ok(usedAt && (!usedBefore || usedAt > usedBefore), "the device was used");

    const done = await complete(browser);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual(done.body, { done: true, amr: ["pwd", "swk", "pin", "mfa"], acr: "substantial" });
    const session = await browser.get("/api/session");
    assert.equal(session.body.user.email, email);
    assert.equal(session.body.acr, "substantial");
    assert.deepEqual(session.body.amr, ["pwd", "swk", "pin", "mfa"]);
    assert.equal((await requestRow(show.requestId)).status, "used", "the approval is used up");
  });

  test("the numbers hold the browser's number in any place, and depend on the request only", () => {
    const places = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const request = { id: randomUUID(), question: toBase64url(randomBytes(32)), number: 10 + (i % 90) };
      const numbers = numbersFor(request);
      assert.deepEqual(numbersFor({ ...request }), numbers);
      assert.equal(new Set(numbers).size, 3);
      places.add(numbers.indexOf(request.number));
    }
    assert.deepEqual([...places].sort(), [0, 1, 2]);
  });

  test("asking the browser to continue before the phone answered is refused, opens no session, and the sign-in can still be approved", async () => {
    const { email, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    const early = await complete(browser);
    assert.equal(early.status, 409);
    assert.equal(early.body.detail, NOT_ANSWERED);
    assert.equal(browser.cookies.has(SESSION_COOKIE), false);
    assert.equal((await requestRow(show.requestId)).status, "pending");

    await phone.answer(device, await waitingOn(phone, device, show.requestId), "approve", { number: show.number, pin: PIN });
    const done = await complete(browser);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.ok(browser.cookies.has(SESSION_COOKIE));
  });

  test("a denial on the phone refuses the sign-in", async () => {
    const { email, id, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    await phone.answer(device, await waitingOn(phone, device, show.requestId), "deny");
    assert.equal((await statusOf(browser)).status, "denied");
    const row = await requestRow(show.requestId);
    assert.equal(row.status, "denied");
    assert.equal(row.deniedBecause, "user");
    const [denied] = await eventsOf(id, "mobile_app.denied");
    assert.deepEqual(denied.details, { deviceId: device.deviceId, requestId: show.requestId, reason: "user" });

    const refused = await complete(browser);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.detail, DENIED_BY_USER);
    assert.equal(browser.cookies.has(SESSION_COOKIE), false);
  });

  test("picking another number than the browser's refuses the sign-in, even with the right PIN", async () => {
    const { email, id, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    const view = await waitingOn(phone, device, show.requestId);
    const decoy = view.numbers.find((number) => number !== show.number) as number;
    const answered = await postAnswer(view.id, await signedAnswer(device, view, "approve", decoy, PIN));
    assert.equal(answered.status, 400);
    assert.deepEqual(answered.body.errors, [{ field: "number", detail: WRONG_NUMBER }]);
    assert.equal((await statusOf(browser)).status, "denied");
    assert.equal((await requestRow(show.requestId)).deniedBecause, "number");
    assert.equal((await eventsOf(id, "mobile_app.denied"))[0].details.reason, "number");
    assert.equal((await eventsOf(id, "mobile_app.approved")).length, 0);

    const right = await postAnswer(view.id, await signedAnswer(device, view, "approve", show.number, PIN));
    assert.equal(right.status, 409, "a second try on the phone changes nothing");
    const refused = await complete(browser);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.detail, DENIED_FOR_NUMBER);
    assert.equal(browser.cookies.has(SESSION_COOKIE), false);
  });

  test("wrong PINs are counted and say how many tries are left; the fifth locks the device, which then reads nothing", async () => {
    const { email, id, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    const view = await waitingOn(phone, device, show.requestId);
    for (let left = 4; left >= 1; left--) {
      const wrong = await postAnswer(view.id, await signedAnswer(device, view, "approve", show.number, "0000"));
      assert.equal(wrong.status, 400);
      assert.deepEqual(wrong.body.errors, [{ field: "pin", detail: `Wrong PIN code. ${left} ${left === 1 ? "try" : "tries"} left.` }]);
      assert.equal((await requestRow(show.requestId)).status, "pending", "the sign-in still waits");
    }
    await assert.rejects(phone.answer(device, view, "approve", { number: show.number, pin: "1111" }), refusal(423, DEVICE_LOCKED));
    const locked = await deviceRow(device.deviceId);
    assert.equal(locked.status, "locked");
    assert.ok(locked.lockedAt);
    assert.equal((await eventsOf(id, "mobile_device.wrong_pin")).length, 5);
    assert.match((await mailsTo(db(), email))[0].subject, /your mobile device was locked/);

    await assert.rejects(phone.requests(device), refusal(423, DEVICE_LOCKED));
    await assert.rejects(phone.answer(device, view, "approve", { number: show.number, pin: PIN }), refusal(423, DEVICE_LOCKED));
    assert.equal((await requestRow(show.requestId)).status, "pending", "not even the right PIN approves on a locked device");
    assert.equal((await statusOf(browser)).status, "pending");
  });

  test("a replayed answer is refused and changes nothing; a signature over another request is not an answer", async () => {
    const { email, id, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    const [row] = await db().select().from(mobileAppRequests).where(eq(mobileAppRequests.id, show.requestId));
    const view = { id: row.id, nonce: row.question };
    const approval = await signedAnswer(device, view, "approve", show.number, PIN);
    assert.equal((await postAnswer(view.id, approval)).status, 200);
    const replayed = await postAnswer(view.id, approval);
    assert.equal(replayed.status, 409);
    assert.equal(replayed.body.detail, ALREADY_ANSWERED);
    const denial = await postAnswer(view.id, await signedAnswer(device, view, "deny"));
    assert.equal(denial.status, 409);
    assert.equal((await requestRow(show.requestId)).status, "approved");
    assert.equal((await eventsOf(id, "mobile_app.approved")).length, 1);
    assert.equal((await eventsOf(id, "mobile_app.denied")).length, 0);

    const other = await startPin(new TestBrowser(identity()), email);
    const moved = await postAnswer(other.requestId, { ...approval, number: other.number });
    assert.equal(moved.status, 401, "the signature covers the request and its nonce");
    assert.equal(moved.body.detail, NOT_A_DEVICE);
    assert.equal((await requestRow(other.requestId)).status, "pending");
  });

  test("an expired request is no longer shown nor answered, and the browser is told to send a new one", async () => {
    const { email, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    const view = await waitingOn(phone, device, show.requestId);
    await db()
      .update(mobileAppRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(mobileAppRequests.id, show.requestId));
    assert.deepEqual(await phone.requests(device), []);
    await assert.rejects(phone.answer(device, view, "approve", { number: show.number, pin: PIN }), refusal(410, REQUEST_EXPIRED));
    assert.equal((await requestRow(show.requestId)).status, "pending");
    assert.equal((await statusOf(browser)).status, "expired");
    const refused = await complete(browser);
    assert.equal(refused.status, 410);
    assert.equal(refused.body.detail, SIGN_IN_REQUEST_EXPIRED);
    assert.equal(browser.cookies.has(SESSION_COOKIE), false);
  });

  test("an approval that expired before the browser continued is refused", async () => {
    const { email, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    await phone.answer(device, await waitingOn(phone, device, show.requestId), "approve", { number: show.number, pin: PIN });
    await db()
      .update(mobileAppRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(mobileAppRequests.id, show.requestId));
    assert.equal((await statusOf(browser)).status, "expired");
    assert.equal((await complete(browser)).status, 410);
    assert.equal(browser.cookies.has(SESSION_COOKIE), false);
  });

  test("“Send again” replaces the request: the old one can no longer be answered, the browser follows the new one", async () => {
    const { email, phone, device, browser } = await withDevice();
    const first = await startPin(browser, email);
    const oldView = await waitingOn(phone, device, first.requestId);
    const resent = await browser.post("/api/sign-in/second-factor/resend", {});
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    const second: Show = resent.body.show;
    assert.notEqual(second.requestId, first.requestId);
    const waiting = await phone.requests(device);
    assert.deepEqual(
      waiting.map((request) => request.id),
      [second.requestId],
    );
    assert.equal(waiting[0].browser, "Unknown browser", "the new request describes the browser that asked again");
    await assert.rejects(phone.answer(device, oldView, "approve", { number: first.number, pin: PIN }), refusal(410, REQUEST_EXPIRED));
    assert.deepEqual(await statusOf(browser), { status: "pending", number: second.number });

    await phone.answer(device, waiting[0], "approve", { number: second.number, pin: PIN });
    assert.equal((await complete(browser)).status, 200);
  });

  test("a deleted device's answer is refused (401), and it reads nothing", async () => {
    const { email, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    const view = await waitingOn(phone, device, show.requestId);
    const owner = new TestBrowser(identity());
    assert.equal((await owner.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    await confirmSecondFactor(db(), owner);
    const deleted = await owner.request("DELETE", `/api/account/mobile-devices/${device.deviceId}`, { confirmLastFactor: true });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    await assert.rejects(phone.answer(device, view, "approve", { number: show.number, pin: PIN }), refusal(401, NOT_A_DEVICE));
    await assert.rejects(phone.answer(device, view, "deny"), refusal(401, NOT_A_DEVICE));
    await assert.rejects(phone.requests(device), refusal(401, NOT_A_DEVICE));
    assert.equal((await requestRow(show.requestId)).status, "pending");
  });

  test("another account's device cannot see nor answer this account's sign-in (404)", async () => {
    const mine = await withDevice();
    const theirs = await withDevice();
    const show = await startPin(mine.browser, mine.email);
    const view = await waitingOn(mine.phone, mine.device, show.requestId);
    assert.deepEqual(await theirs.phone.requests(theirs.device), []);
    const approve = await postAnswer(view.id, await signedAnswer(theirs.device, view, "approve", show.number, PIN));
    assert.equal(approve.status, 404);
    assert.equal(approve.body.detail, "Not found or no access.");
    assert.equal((await postAnswer(view.id, await signedAnswer(theirs.device, view, "deny"))).status, 404);
    assert.equal((await requestRow(show.requestId)).status, "pending");
    assert.equal((await deviceRow(theirs.device.deviceId)).failedPins, 0, "nothing was counted on their device");
  });

  test("malformed answers are refused and change nothing", async () => {
    const { email, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    const [row] = await db().select().from(mobileAppRequests).where(eq(mobileAppRequests.id, show.requestId));
    const view = { id: row.id, nonce: row.question };
    const good = await signedAnswer(device, view, "approve", show.number, PIN);
    const cases: [unknown, number, string?][] = [
      [{ ...good, number: 5 }, 400, "number"],
      [{ ...good, decision: "maybe" }, 400, "decision"],
      [{ ...good, signature: "not base64!" }, 400, "signature"],
      [{ ...good, extra: true }, 400],
      [{ ...good, deviceId: "not-a-device" }, 401],
      [{ ...good, deviceId: randomUUID() }, 401],
      [{ ...good, number: undefined }, 401],
      [{ ...good, signature: good.signature.replace(/^./, (c) => (c === "A" ? "B" : "A")) }, 401],
    ];
    for (const [body, status, field] of cases) {
      const answered = await postAnswer(view.id, body);
      assert.equal(answered.status, status, JSON.stringify({ body, answered }));
      if (field) assert.equal(answered.body.errors?.[0]?.field, field, JSON.stringify(answered.body));
    }
    const withoutNumber = await signedAnswer(device, view, "approve", undefined, PIN);
    const noNumber = await postAnswer(view.id, withoutNumber);
    assert.equal(noNumber.status, 400);
    assert.equal(noNumber.body.errors[0].field, "number");
    assert.equal((await postAnswer("not-a-uuid", good)).status, 400);
    assert.equal((await postAnswer(randomUUID(), good)).status, 404);
    assert.equal((await requestRow(show.requestId)).status, "pending");
    assert.equal((await deviceRow(device.deviceId)).failedPins, 0);
  });

  test("a device's reads must be signed by it, recently, for their purpose", async () => {
    const { phone, device } = await withDevice();
    const query = new URLSearchParams(await phone.deviceQuery(device, "requests"));
    const read = (params: URLSearchParams) => identity().inject({ url: `/api/app/requests?${params}`, remoteAddress: "203.0.113.251" });
    assert.equal((await read(query)).statusCode, 200);
    const forEvents = new URLSearchParams(await phone.deviceQuery(device, "events"));
    assert.equal((await read(forEvents)).statusCode, 401, "a signature for another purpose");
    const old = new URLSearchParams(query);
    old.set("at", String(Date.now() - 10 * 60_000));
    assert.equal((await read(old)).statusCode, 401);
    assert.equal((await identity().inject({ url: "/api/app/requests", remoteAddress: "203.0.113.251" })).statusCode, 401);
  });

  test("the browser's status needs its own pending Mobile App PIN Code sign-in", async () => {
    const { email } = await withDevice();
    const stranger = new TestBrowser(identity());
    assert.equal((await stranger.get("/api/sign-in/mobile-app/status")).status, 400);
    const byPassword = new TestBrowser(identity());
    const withTotp = await byPassword.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "mobile-app-qr" });
    assert.equal(withTotp.status, 200, JSON.stringify(withTotp.body));
    assert.equal((await byPassword.get("/api/sign-in/mobile-app/status")).status, 400, "another method's pending step has no request to wait for");
    const forged = new TestBrowser(identity());
    forged.cookies.set(PENDING_COOKIE, "made-up-token");
    assert.equal((await forged.get("/api/sign-in/mobile-app/status")).status, 400);
  });

  test("the phone names the registered application being signed in to, never text the browser made up", async () => {
    const { email, phone, device } = await withDevice();
    await addCasService(db(), { name: "Registry of Rare Diseases", urlPattern: "https://registry.example/*" });
    const [client] = await db().select().from(oidcClients).limit(1);
    assert.ok(client, "identity registers its relying parties at start");
    const uid = toBase64url(randomBytes(16));
    await db()
      .insert(oidcPayloads)
      .values({
        model: "Interaction",
        idHash: sha256(uid),
        uid,
        payload: { params: { client_id: client.clientId } },
        expiresAt: new Date(Date.now() + 600_000),
      });
    const cases: [unknown, string][] = [
      [`/cas/login?service=${encodeURIComponent("https://registry.example/patients")}&signInAsked=1`, "Registry of Rare Diseases"],
      [`/oidc/interaction/${uid}`, client.name],
      [`/cas/login?service=${encodeURIComponent("https://evil.example/")}`, OWN_APPLICATION],
      [`/oidc/interaction/${toBase64url(randomBytes(16))}`, OWN_APPLICATION],
      ["Your bank — approve now", OWN_APPLICATION],
      ["https://evil.example/oidc/interaction/x", OWN_APPLICATION],
      [{ name: "CPMS" }, OWN_APPLICATION],
    ];
    for (const [returnTo, application] of cases) {
      const show = await startPin(new TestBrowser(identity()), email, { returnTo });
      assert.equal((await waitingOn(phone, device, show.requestId)).application, application, String(returnTo));
      await phone.answer(device, await waitingOn(phone, device, show.requestId), "deny");
    }
  });

  test("browsers and places are described in words of our own", () => {
    const agents: [string | undefined, string][] = [
      [CHROME_ON_WINDOWS, "Chrome on Windows"],
      ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Safari on iPhone",
      ],
      ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on macOS"],
      [
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0 Mobile Safari/537.36",
        "Samsung Internet on Android",
      ],
      ["<script>alert(1)</script>", "Unknown browser"],
      [undefined, "Unknown browser"],
    ];
    for (const [agent, described] of agents) assert.equal(describeBrowser(agent), described);
    assert.equal(describePlace("::ffff:192.0.2.7"), "192.0.2.7");
    assert.equal(describePlace("2001:db8::1"), "2001:db8::1");
    assert.equal(describePlace(undefined), "Unknown place");
  });

  test(`at most ${MAX_WAITING} sign-ins wait for an account's devices at once`, async () => {
    const { email, phone, device } = await withDevice();
    for (let i = 0; i < MAX_WAITING; i++) await startPin(new TestBrowser(identity()), email);
    const flooding = await new TestBrowser(identity()).post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "mobile-app-pin" });
    assert.equal(flooding.status, 429);
    assert.match(flooding.body.detail, /already waiting for your device/);
    const waiting = await phone.requests(device);
    assert.equal(waiting.length, MAX_WAITING);
    await phone.answer(device, waiting[0], "deny");
    await startPin(new TestBrowser(identity()), email);
  });

  test("an account without an active device cannot choose the method", async () => {
    const { email, id, device } = await withDevice();
    await db().update(mobileDevices).set({ status: "locked", lockedAt: new Date() }).where(eq(mobileDevices.id, device.deviceId));
    const refused = await new TestBrowser(identity()).post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "mobile-app-pin" });
    assert.equal(refused.status, 400);
    assert.match(refused.body.detail, /You have not set up “Mobile App PIN Code”/);
    assert.equal((await db().select().from(mobileAppRequests).where(eq(mobileAppRequests.userId, id))).length, 0);
  });

  test("an open session steps up with the phone", async () => {
    const { email, phone, device, browser } = await withDevice();
    assert.equal((await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    assert.equal((await browser.get("/api/session")).body.acr, "low");
    const begun = await browser.post("/api/session/step-up", { method: "mobile-app-pin" });
    assert.equal(begun.status, 200, JSON.stringify(begun.body));
    const show: Show = begun.body.show;
    assert.equal((await statusOf(browser)).status, "pending");
    await phone.answer(device, await waitingOn(phone, device, show.requestId), "approve", { number: show.number, pin: PIN });
    const raised = await complete(browser);
    assert.equal(raised.status, 200, JSON.stringify(raised.body));
    const session = await browser.get("/api/session");
    assert.equal(session.body.acr, "substantial");
    assert.ok(
      ["pwd", "swk", "pin", "mfa"].every((amr) => session.body.amr.includes(amr)),
      JSON.stringify(session.body.amr),
    );
  });

  test("the streams: the phone hears of the sign-in, the browser hears the approval", async () => {
    const { email, device, browser } = await withDevice();
    const phone = new Authenticator({ store: memoryStore() });
    const listening = new AbortController();
    const heard: AppRequestView[][] = [];
    let heardSignIn: () => void = () => {};
    const signInHeard = new Promise<void>((resolve) => {
      heardSignIn = resolve;
    });
    const listened = phone.listen(
      device,
      (requests) => {
        heard.push(requests);
        if (requests.length) heardSignIn();
      },
      listening.signal,
    );
    try {
      const since = Date.now();
      while (!heard.length && Date.now() - since < 5000) await new Promise((resolve) => setTimeout(resolve, 50));
      const show = await startPin(browser, email);
      await signInHeard;
      assert.deepEqual(heard[0], [], "the stream starts with what waits: nothing");
      const view = heard.at(-1)?.[0] as AppRequestView;
      assert.equal(view.id, show.requestId);
      assert.ok(view.numbers.includes(show.number));

      const cookie = `${PENDING_COOKIE}=${browser.cookies.get(PENDING_COOKIE)}`;
      const response = await fetch(`${system.config.urls.identity}/api/sign-in/mobile-app/events`, { headers: { cookie, accept: "text/event-stream" } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
      const statuses: string[] = [];
      let answered: Promise<void> = Promise.resolve();
      await readEvents(response.body as ReadableStream<Uint8Array>, (event, data) => {
        assert.equal(event, "status");
        statuses.push((data as { status: string }).status);
        if (statuses.length === 1) answered = phone.answer(device, view, "approve", { number: show.number, pin: PIN });
      });
      await answered;
      assert.deepEqual(statuses, ["pending", "approved"], "the browser stream ends with the outcome");
      const cleared = Date.now();
      while (heard.at(-1)?.length && Date.now() - cleared < 5000) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(heard.at(-1), [], "the phone hears that the request no longer waits");
    } finally {
      listening.abort();
      await listened;
    }
    assert.equal((await complete(browser)).status, 200);
  });

  test("a device's stream ends when it is locked, and the app is then refused", async () => {
    const { device } = await withDevice();
    const phone = new Authenticator({ store: memoryStore() });
    const listening = new AbortController();
    let heard = 0;
    const listened = phone.listen(device, () => heard++, listening.signal);
    const waitFor = async (condition: () => boolean) => {
      const since = Date.now();
      while (!condition() && Date.now() - since < 5000) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await waitFor(() => heard > 0);
    await db().update(mobileDevices).set({ status: "locked", lockedAt: new Date() }).where(eq(mobileDevices.id, device.deviceId));
    const since = Date.now();
    await assert.rejects(listened, refusal(423, DEVICE_LOCKED));
    assert.ok(Date.now() - since < 10_000, "the stream ended at once, not after its two minutes");
    listening.abort();
  });

  test("the pending step is gone once the sign-in completed: the status then says so", async () => {
    const { email, phone, device, browser } = await withDevice();
    const show = await startPin(browser, email);
    const pendingToken = browser.cookies.get(PENDING_COOKIE) as string;
    await phone.answer(device, await waitingOn(phone, device, show.requestId), "approve", { number: show.number, pin: PIN });
    assert.equal((await complete(browser)).status, 200);
    assert.equal(
      (
        await db()
          .select()
          .from(pendingAuthentications)
          .where(eq(pendingAuthentications.tokenHash, sha256(pendingToken)))
      ).length,
      0,
    );
    const again = new TestBrowser(identity());
    again.cookies.set(PENDING_COOKIE, pendingToken);
    assert.equal((await again.get("/api/sign-in/mobile-app/status")).status, 400);
    assert.equal((await again.post("/api/sign-in/second-factor", { answer: {} })).status, 400, "an approval opens one session only");
  });
});
