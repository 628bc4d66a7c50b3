import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { addUser } from "../../accounts/add-user.ts";
import { sessions } from "../../accounts/tables.ts";
import { STRONG_PASSWORD, confirmSecondFactor, mailsTo } from "../../accounts/testing.ts";
import { auditEvents } from "../../pg-schema.ts";
import { FORMAT_MESSAGE } from "./phone-number.ts";
import { phoneChallenges, phoneNumbers, smsSends } from "./tables.ts";
import { addVerifiedPhone, latestSmsCode, smsTo } from "./testing.ts";

const NUMBER = "+321234567890";
const WRONG_CODE = "This code is not correct. Check the last text message you received.";

describe("Manage my mobile phone numbers", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;
  let n = 0;
  /** A new account signed in with its password, in its own browser. */
  const signedIn = async () => {
    n++;
    const email = `phone${n}@hospital.example`;
    const user = await addUser(db(), system.config, { email, firstName: "Jan", lastName: "Peeters", password: STRONG_PASSWORD });
    const browser = new TestBrowser(system.server("identity"));
    assert.equal((await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    await confirmSecondFactor(db(), browser);
    return { email, id: user.id, browser };
  };
  const makeStale = (userId: string) =>
    db()
      .update(sessions)
      .set({ authTime: new Date(Date.now() - 6 * 60_000) })
      .where(eq(sessions.userId, userId));
  const allowResend = (phoneId: string) =>
    db()
      .update(phoneChallenges)
      .set({ sentAt: new Date(Date.now() - 61_000) })
      .where(eq(phoneChallenges.phoneId, phoneId));
  const phonesOf = (userId: string) => db().select().from(phoneNumbers).where(eq(phoneNumbers.userId, userId));
  const methodsOf = async (browser: TestBrowser) =>
    Object.fromEntries((await browser.get("/api/account")).body.methods.map((m: { method: string; isSetUp: boolean }) => [m.method, m.isSetUp]));

  test("adding a number texts a challenge code; “Finalise” with it makes the number a verification method, audited and mailed", async () => {
    const { email, id, browser } = await signedIn();
    const added = await browser.post("/api/account/phones", { number: ` ${NUMBER} ` });
    assert.equal(added.status, 201);
    assert.equal(added.body.message, `We have texted a challenge code to ${NUMBER}. It might take a few minutes to arrive.`);
    assert.deepEqual(
      { number: added.body.phone.number, masked: added.body.phone.masked, isVerified: added.body.phone.isVerified },
      { number: NUMBER, masked: "+32 *** *** 890", isVerified: false },
    );
    const [sms] = await smsTo(db(), NUMBER);
    assert.match(sms.text, /^Your OpenCPMS Login challenge code is [A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\. It expires in 10 minutes\.$/);
    const code = await latestSmsCode(db(), NUMBER);
    const [challenge] = await db().select().from(phoneChallenges).where(eq(phoneChallenges.phoneId, added.body.phone.id));
    assert.ok(!challenge.codeHash.includes(code.replace("-", "")), "only the code's hash is stored");
    assert.equal((await methodsOf(browser)).sms, false, "an unverified number is not a verification method");

    // Typed as people do: lower case, without the hyphen.
    const verified = await browser.post(`/api/account/phones/${added.body.phone.id}/verify`, { code: code.toLowerCase().replace("-", "") });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.message, `Your mobile phone number ${NUMBER} was added successfully.`);
    const list = (await browser.get("/api/account/phones")).body.phones;
    assert.equal(list.length, 1);
    assert.equal(list[0].isVerified, true);
    assert.equal(list[0].number, NUMBER);
    assert.equal((await methodsOf(browser)).sms, true);
    assert.equal((await db().select().from(phoneChallenges).where(eq(phoneChallenges.phoneId, added.body.phone.id))).length, 0, "the code is used up");

    const [audited] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.type, "factor.added")));
    assert.deepEqual(audited.details, { method: "sms", description: "+32 *** *** 890" });
    const [mail] = await mailsTo(db(), email);
    assert.match(mail.subject, /verification method was added/);
    assert.match(mail.text, /Mobile \+ SMS \(\+32 \*\*\* \*\*\* 890\) was added to your OpenCPMS Login account/);
  });

  for (const typed of ["+32.123.45.67.89", "+32-123-456-789", "+32 (0)123456789", "0032123456789", "+32abc4567890"]) {
    test(`a malformed number (${typed}) is refused next to its field, and nothing is stored or texted`, async () => {
      const { id, browser } = await signedIn();
      const response = await browser.post("/api/account/phones", { number: typed });
      assert.equal(response.status, 400);
      assert.equal(response.body.detail, FORMAT_MESSAGE);
      assert.deepEqual(response.body.errors, [{ field: "number", detail: FORMAT_MESSAGE }]);
      assert.equal((await phonesOf(id)).length, 0);
      assert.equal((await smsTo(db(), typed)).length, 0);
    });
  }

  test("a number of a country outside the allowed codes is refused with the reason", async () => {
    const { id, browser } = await signedIn();
    const response = await browser.post("/api/account/phones", { number: "+12025550123" });
    assert.equal(response.status, 400);
    assert.equal(response.body.errors[0].field, "number");
    assert.match(response.body.detail, /^Text messages cannot be sent to numbers with the country code \+1\. Use a mobile phone number with one of these/);
    assert.equal((await phonesOf(id)).length, 0);
    assert.equal((await smsTo(db(), "+12025550123")).length, 0);
  });

  test("a wrong code is refused next to its field and the number stays unverified; the right one then works", async () => {
    const { browser } = await signedIn();
    const number = "+33612345678";
    const { body } = await browser.post("/api/account/phones", { number });
    const wrong = await browser.post(`/api/account/phones/${body.phone.id}/verify`, { code: "AAAA-BBBB" });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.errors, [{ field: "code", detail: WRONG_CODE }]);
    assert.equal((await browser.get("/api/account/phones")).body.phones[0].isVerified, false);
    const right = await browser.post(`/api/account/phones/${body.phone.id}/verify`, { code: await latestSmsCode(db(), number) });
    assert.equal(right.status, 200);
  });

  test("an expired code is refused with a clear message", async () => {
    const { browser } = await signedIn();
    const number = "+4915112345678";
    const { body } = await browser.post("/api/account/phones", { number });
    await db()
      .update(phoneChallenges)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(phoneChallenges.phoneId, body.phone.id));
    const response = await browser.post(`/api/account/phones/${body.phone.id}/verify`, { code: await latestSmsCode(db(), number) });
    assert.equal(response.status, 400);
    assert.equal(response.body.detail, "This code has expired. Ask for a new code with “Send a new code”.");
    assert.equal((await browser.get("/api/account/phones")).body.phones[0].isVerified, false);
  });

  test("a code works once; a code replaced by a new one no longer works", async () => {
    const { browser } = await signedIn();
    const number = "+351912345678";
    const { body } = await browser.post("/api/account/phones", { number });
    const first = await latestSmsCode(db(), number);
    await allowResend(body.phone.id);
    const resent = await browser.post(`/api/account/phones/${body.phone.id}/resend`);
    assert.equal(resent.status, 200);
    assert.equal(resent.body.message, `A new code has been texted to ${number}.`);
    const second = await latestSmsCode(db(), number);
    assert.notEqual(second, first);
    const old = await browser.post(`/api/account/phones/${body.phone.id}/verify`, { code: first });
    assert.equal(old.status, 400);
    assert.equal(old.body.detail, WRONG_CODE);
    assert.equal((await browser.post(`/api/account/phones/${body.phone.id}/verify`, { code: second })).status, 200);
    const reused = await browser.post(`/api/account/phones/${body.phone.id}/verify`, { code: second });
    assert.equal(reused.status, 409);
    assert.equal(reused.body.detail, "This mobile phone number is already verified.");
    const mails = (await mailsTo(db(), (await browser.get("/api/session")).body.user.email)).filter((m) => /was added/.test(m.subject));
    assert.equal(mails.length, 1, "verified once, mailed once");
  });

  test("after 5 wrong codes the code is locked: even the right one is refused until a new code is asked for", async () => {
    const { browser } = await signedIn();
    const number = "+31612345678";
    const { body } = await browser.post("/api/account/phones", { number });
    const verify = (code: string) => browser.post(`/api/account/phones/${body.phone.id}/verify`, { code });
    for (let i = 1; i <= 4; i++) assert.equal((await verify(`WRNG-000${i}`)).status, 400);
    const fifth = await verify("WRNG-0005");
    assert.equal(fifth.status, 429);
    assert.equal(fifth.body.detail, `${WRONG_CODE} That was the last try. Ask for a new code with “Send a new code”.`);
    const right = await verify(await latestSmsCode(db(), number));
    assert.equal(right.status, 400);
    assert.equal(right.body.detail, "There is no valid code for this number any more. Ask for a new code with “Send a new code”.");
    assert.equal((await browser.get("/api/account/phones")).body.phones[0].isVerified, false);
    await allowResend(body.phone.id);
    assert.equal((await browser.post(`/api/account/phones/${body.phone.id}/resend`)).status, 200);
    assert.equal((await verify(await latestSmsCode(db(), number))).status, 200, "a new code starts again with 5 tries");
  });

  test("a new code within 60 seconds is refused with the wait, and at most 5 codes are texted to an account per hour", async () => {
    const { id, browser } = await signedIn();
    const number = "+34612345678";
    const { body } = await browser.post("/api/account/phones", { number });
    const tooSoon = await browser.post(`/api/account/phones/${body.phone.id}/resend`);
    assert.equal(tooSoon.status, 429);
    assert.match(tooSoon.body.detail, /^Please wait (59|60) seconds before asking for a new code\.$/);
    assert.ok(Number(tooSoon.headers["retry-after"]) >= 59);
    const again = await browser.post("/api/account/phones", { number });
    assert.equal(again.status, 429, "adding the same number again is a resend too");
    assert.equal((await smsTo(db(), number)).length, 1, "nothing more was texted");

    await db()
      .insert(smsSends)
      .values([1, 2, 3, 4].map((minutes) => ({ userId: id, sentAt: new Date(Date.now() - minutes * 60_000) })));
    await allowResend(body.phone.id);
    const sixth = await browser.post(`/api/account/phones/${body.phone.id}/resend`);
    assert.equal(sixth.status, 429);
    assert.match(sixth.body.detail, /^You have asked for 5 codes in the last hour\. Please wait \d+ minutes before asking for another one\.$/);
    assert.equal((await smsTo(db(), number)).length, 1);
  });

  test("adding a number with a stale session asks for the password first", async () => {
    const { id, browser } = await signedIn();
    await makeStale(id);
    const refused = await browser.post("/api/account/phones", { number: "+4412345678901" });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, "reauthentication_required");
    assert.equal((await phonesOf(id)).length, 0);
    assert.equal((await browser.post("/api/session/reauthenticate", { password: STRONG_PASSWORD })).status, 200);
    assert.equal((await browser.post("/api/account/phones", { number: "+4412345678901" })).status, 201);
  });

  test("removing a number needs a recent sign-in, and confirmation when it is the last second factor; it is audited and mailed", async () => {
    const { email, id, browser } = await signedIn();
    const phoneId = await addVerifiedPhone(browser, db(), "+32470123456");
    await makeStale(id);
    const remove = (body?: object) => browser.request("DELETE", `/api/account/phones/${phoneId}`, body);

    const stale = await remove();
    assert.equal(stale.status, 401);
    assert.equal(stale.body.code, "reauthentication_required");
    assert.equal(stale.body.detail, "For your security, please enter your password again to make this change.");
    assert.equal((await browser.post("/api/session/reauthenticate", { password: STRONG_PASSWORD })).status, 200);

    const last = await remove();
    assert.equal(last.status, 409);
    assert.equal(last.body.code, "last_factor");
    assert.match(last.body.detail, /^This is your last second verification method\./);
    assert.equal((await phonesOf(id)).length, 1, "nothing removed without confirmation");

    const removed = await remove({ confirmLastFactor: true });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.message, "Your mobile phone number +32470123456 was deleted.");
    assert.equal((await phonesOf(id)).length, 0);
    assert.equal((await methodsOf(browser)).sms, false);
    const [mail] = await mailsTo(db(), email);
    assert.match(mail.subject, /verification method was removed/);
    assert.match(mail.text, /Mobile \+ SMS \(\+32 \*\*\* \*\*\* 456\) was removed from your OpenCPMS Login account/);
    const types = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, id))).map((e) => e.type);
    assert.ok(types.includes("factor.removed"));
  });

  test("with another verified number left, removing one needs no confirmation; the query string can confirm too", async () => {
    const { browser } = await signedIn();
    const first = await addVerifiedPhone(browser, db(), "+32470000001");
    const second = await addVerifiedPhone(browser, db(), "+32470000002");
    assert.equal((await browser.request("DELETE", `/api/account/phones/${first}`)).status, 200);
    assert.equal((await browser.request("DELETE", `/api/account/phones/${second}`)).status, 409);
    assert.equal((await browser.request("DELETE", `/api/account/phones/${second}?confirmLastFactor=true`)).status, 200);
  });

  test("an unverified number is deleted at once, even with a stale session, and nothing is mailed", async () => {
    const { email, id, browser } = await signedIn();
    const { body } = await browser.post("/api/account/phones", { number: "+32470000003" });
    await makeStale(id);
    assert.equal((await browser.request("DELETE", `/api/account/phones/${body.phone.id}`)).status, 200);
    assert.equal((await phonesOf(id)).length, 0);
    assert.equal((await mailsTo(db(), email)).length, 0);
  });

  test("another account's number, or an unknown id, answers “Not found or no access.”", async () => {
    const owner = await signedIn();
    const phoneId = await addVerifiedPhone(owner.browser, db(), "+32470000004");
    const other = await signedIn();
    for (const id of [phoneId, "00000000-0000-0000-0000-000000000000", "not-an-id"]) {
      for (const response of [
        await other.browser.post(`/api/account/phones/${id}/verify`, { code: "AAAA-BBBB" }),
        await other.browser.post(`/api/account/phones/${id}/resend`),
        await other.browser.request("DELETE", `/api/account/phones/${id}`, { confirmLastFactor: true }),
      ]) {
        assert.equal(response.status, 404);
        assert.equal(response.body.detail, "Not found or no access.");
      }
    }
    assert.equal((await other.browser.get("/api/account/phones")).body.phones.length, 0);
    assert.equal((await phonesOf(owner.id)).length, 1, "the owner's number is untouched");
  });

  test("a number another account has can be added too, with the same answer as any number", async () => {
    const first = await signedIn();
    const second = await signedIn();
    const a = await first.browser.post("/api/account/phones", { number: "+32470000005" });
    const b = await second.browser.post("/api/account/phones", { number: "+32470000005" });
    assert.equal(b.status, 201);
    assert.equal(b.body.message, a.body.message);
  });

  test("a number already verified cannot be added twice", async () => {
    const { browser } = await signedIn();
    await addVerifiedPhone(browser, db(), "+32470000006");
    const again = await browser.post("/api/account/phones", { number: "+32470000006" });
    assert.equal(again.status, 400);
    assert.deepEqual(again.body.errors, [{ field: "number", detail: "This mobile phone number is already in your list." }]);
  });

  test("without a session, the endpoints answer “Please sign in.”", async () => {
    const browser = new TestBrowser(system.server("identity"));
    for (const response of [await browser.get("/api/account/phones"), await browser.post("/api/account/phones", { number: NUMBER })]) {
      assert.equal(response.status, 401);
      assert.equal(response.body.detail, "Please sign in.");
    }
  });
});
