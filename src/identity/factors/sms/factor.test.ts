import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { addUser } from "../../accounts/add-user.ts";
import { pendingAuthentications, sessions } from "../../accounts/tables.ts";
import { STRONG_PASSWORD, confirmSecondFactor } from "../../accounts/testing.ts";
import { addVerifiedPhone, latestSmsCode, smsTo } from "./testing.ts";

const WRONG_CODE = "This code is not correct. Check the last text message you received.";

describe("Sign in with “Mobile + SMS”", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;
  let n = 0;
  /** An account with a verified number, signed out, and a fresh browser to sign in with. */
  const withPhone = async (number: string) => {
    n++;
    const email = `sms${n}@hospital.example`;
    const user = await addUser(db(), system.config, { email, firstName: "Sofia", lastName: "Rossi", password: STRONG_PASSWORD });
    const setup = new TestBrowser(system.server("identity"));
    await setup.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    await confirmSecondFactor(db(), setup);
    const phoneId = await addVerifiedPhone(setup, db(), number);
    await setup.post("/api/sign-out");
    return { email, id: user.id, phoneId, setup, browser: new TestBrowser(system.server("identity")) };
  };
  const startSms = (browser: TestBrowser, email: string, choice?: object) =>
    browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "sms", ...(choice ? { choice } : {}) });
  const answer = (browser: TestBrowser, code: string) => browser.post("/api/sign-in/second-factor", { answer: { code } });
  const sessionsOf = (userId: string) => db().select().from(sessions).where(eq(sessions.userId, userId));
  const pendingOf = async (userId: string) => (await db().select().from(pendingAuthentications).where(eq(pendingAuthentications.userId, userId)))[0];

  test("the password, then the code texted to the phone, open a session of assurance substantial with amr pwd, sms, mfa", async () => {
    const { email, id, browser } = await withPhone("+321234567890");
    const started = await startSms(browser, email);
    assert.equal(started.status, 200);
    assert.equal(started.body.done, false);
    assert.equal(started.body.method, "sms");
    assert.equal(started.body.show.phone, "+32 *** *** 890");
    assert.deepEqual(
      started.body.show.phones.map((p: { masked: string }) => p.masked),
      ["+32 *** *** 890"],
    );
    assert.ok(!JSON.stringify(started.body).includes("1234567890"), "the page sees a masked number only");
    assert.equal((await sessionsOf(id)).length, 0, "no session before the code");

    const done = await answer(browser, await latestSmsCode(db(), "+321234567890"));
    assert.equal(done.status, 200);
    assert.equal(done.body.done, true);
    const session = (await browser.get("/api/session")).body;
    assert.equal(session.user.email, email);
    assert.deepEqual([...session.amr].sort(), ["mfa", "pwd", "sms"]);
    assert.equal(session.acr, "substantial");
  });

  test("a password-only session is raised to substantial by an SMS code, without the password again", async () => {
    const { email, id, browser } = await withPhone("+33612000001");
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    const before = await sessionsOf(id);
    assert.equal(before[0].acr, "low");
    const started = await browser.post("/api/session/step-up", { method: "sms" });
    assert.equal(started.status, 200);
    assert.equal(started.body.show.phone, "+33 *** *** 001");
    const done = await answer(browser, await latestSmsCode(db(), "+33612000001"));
    assert.equal(done.status, 200);
    const after = await sessionsOf(id);
    assert.equal(after.length, 1, "the low session is replaced, not kept beside the raised one");
    assert.notEqual(after[0].tokenHash, before[0].tokenHash, "under a new token");
    assert.equal((await browser.get("/api/session")).body.acr, "substantial", "the browser holds the new token");
    assert.equal(after[0].acr, "substantial");
    assert.deepEqual([...after[0].amr].sort(), ["mfa", "pwd", "sms"]);
  });

  test("a wrong code is refused next to its field and opens nothing; the right one then signs in", async () => {
    const { email, id, browser } = await withPhone("+33612000002");
    await startSms(browser, email);
    const wrong = await answer(browser, "AAAA-BBBB");
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.errors, [{ field: "code", detail: WRONG_CODE }]);
    assert.equal((await sessionsOf(id)).length, 0);
    assert.equal((await answer(browser, await latestSmsCode(db(), "+33612000002"))).status, 200);
  });

  test("after 5 wrong codes the sign-in is over: even the right code is refused and the user signs in again", async () => {
    const { email, id, browser } = await withPhone("+33612000003");
    await startSms(browser, email);
    for (let i = 1; i <= 4; i++) assert.equal((await answer(browser, `WRNG-000${i}`)).status, 400);
    const fifth = await answer(browser, "WRNG-0005");
    assert.equal(fifth.status, 429);
    assert.equal(fifth.body.detail, `${WRONG_CODE} That was the last try. Please sign in again.`);
    const right = await answer(browser, await latestSmsCode(db(), "+33612000003"));
    assert.equal(right.status, 400);
    assert.equal(right.body.detail, "This sign-in has expired. Please sign in again.");
    assert.equal((await sessionsOf(id)).length, 0);
    await startSms(browser, email);
    assert.equal((await answer(browser, await latestSmsCode(db(), "+33612000003"))).status, 200, "a new sign-in works");
  });

  test("an expired code, or an expired sign-in, is refused with a clear message", async () => {
    const { email, id, browser } = await withPhone("+33612000004");
    await startSms(browser, email);
    const pending = await pendingOf(id);
    await db()
      .update(pendingAuthentications)
      .set({ state: { ...pending.state, expiresAt: new Date(Date.now() - 1000).toISOString() } })
      .where(eq(pendingAuthentications.tokenHash, pending.tokenHash));
    const expiredCode = await answer(browser, await latestSmsCode(db(), "+33612000004"));
    assert.equal(expiredCode.status, 400);
    assert.equal(expiredCode.body.detail, "This code has expired. Ask for a new code with “Send a new code”.");
    await db()
      .update(pendingAuthentications)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(pendingAuthentications.tokenHash, pending.tokenHash));
    const expiredSignIn = await answer(browser, await latestSmsCode(db(), "+33612000004"));
    assert.equal(expiredSignIn.body.detail, "This sign-in has expired. Please sign in again.");
    assert.equal((await sessionsOf(id)).length, 0);
  });

  test("a code used for one sign-in does not work for the next one", async () => {
    const { email, browser } = await withPhone("+33612000005");
    await startSms(browser, email);
    const used = await latestSmsCode(db(), "+33612000005");
    assert.equal((await answer(browser, used)).status, 200);
    await browser.post("/api/sign-out");
    await startSms(browser, email);
    const reused = await answer(browser, used);
    assert.equal(reused.status, 400);
    assert.equal(reused.body.detail, WRONG_CODE);
  });

  test("“Send a new code” waits 60 seconds; the new code replaces the old one", async () => {
    const { email, id, browser } = await withPhone("+33612000006");
    await startSms(browser, email);
    const first = await latestSmsCode(db(), "+33612000006");
    const tooSoon = await browser.post("/api/sign-in/second-factor/resend", {});
    assert.equal(tooSoon.status, 429);
    assert.match(tooSoon.body.detail, /^Please wait \d+ seconds before asking for a new code\.$/);
    assert.equal(await latestSmsCode(db(), "+33612000006"), first, "nothing was texted");

    const pending = await pendingOf(id);
    await db()
      .update(pendingAuthentications)
      .set({ state: { ...pending.state, sentAt: new Date(Date.now() - 61_000).toISOString() } })
      .where(eq(pendingAuthentications.tokenHash, pending.tokenHash));
    const resent = await browser.post("/api/sign-in/second-factor/resend", {});
    assert.equal(resent.status, 200);
    assert.equal(resent.body.show.phone, "+33 *** *** 006");
    const second = await latestSmsCode(db(), "+33612000006");
    assert.notEqual(second, first);
    assert.equal((await answer(browser, first)).body.detail, WRONG_CODE);
    assert.equal((await answer(browser, second)).status, 200);
  });

  test("the code goes to the number chosen among the verified ones, the most recently verified by default", async () => {
    const { email, setup, browser } = await withPhone("+33612000007");
    await setup.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    await confirmSecondFactor(db(), setup);
    const newer = await addVerifiedPhone(setup, db(), "+33612000008");
    const older = (await setup.get("/api/account/phones")).body.phones.find((p: { number: string }) => p.number === "+33612000007").id;

    const byDefault = await startSms(browser, email);
    assert.equal(byDefault.body.show.phone, "+33 *** *** 008");
    assert.equal(byDefault.body.show.phoneId, newer);
    assert.equal(byDefault.body.show.phones.length, 2);

    const before = (await smsTo(db(), "+33612000007")).length;
    const chosen = await startSms(new TestBrowser(system.server("identity")), email, { phoneId: older });
    assert.equal(chosen.body.show.phone, "+33 *** *** 007");
    assert.equal((await smsTo(db(), "+33612000007")).length, before + 1);

    const unknown = await startSms(new TestBrowser(system.server("identity")), email, { phoneId: "00000000-0000-0000-0000-000000000000" });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.errors, [{ field: "phoneId", detail: "Choose one of your mobile phone numbers." }]);
  });

  test("a number removed while its code is on the way no longer signs in", async () => {
    const { email, phoneId, setup, browser } = await withPhone("+33612000009");
    await startSms(browser, email);
    await setup.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    await confirmSecondFactor(db(), setup);
    assert.equal((await setup.request("DELETE", `/api/account/phones/${phoneId}`, { confirmLastFactor: true })).status, 200);
    const response = await answer(browser, await latestSmsCode(db(), "+33612000009"));
    assert.equal(response.status, 400);
    assert.equal((await browser.get("/api/session")).body.user, null, "the code opened no session");
  });
});
