import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq, inArray } from "drizzle-orm";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { addUser } from "../../accounts/add-user.ts";
import { sessions } from "../../accounts/tables.ts";
import { STRONG_PASSWORD, confirmSecondFactor, mailsTo } from "../../accounts/testing.ts";
import { auditEvents } from "../../pg-schema.ts";
import { addConfirmedApp } from "../totp/testing.ts";
import { USED_RECOVERY_CODE, WRONG_RECOVERY_CODE } from "./factor.ts";
import { recoveryCodes } from "./tables.ts";

describe("My recovery codes, and signing in with one", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;
  const identity = () => system.server("identity");
  let n = 0;
  const signedIn = async () => {
    n++;
    const email = `recovery${n}@hospital.example`;
    const { id } = await addUser(db(), system.config, { email, firstName: "Jan", lastName: "Novák", password: STRONG_PASSWORD });
    const browser = new TestBrowser(identity());
    assert.equal((await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    await confirmSecondFactor(db(), browser);
    return { email, id, browser };
  };
  const generate = async (browser: TestBrowser): Promise<string[]> => {
    const response = await browser.post("/api/account/recovery-codes");
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.codes;
  };
  const signInWithCode = async (email: string, code: string) => {
    const browser = new TestBrowser(identity());
    const first = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "recovery" });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.done, false);
    return { browser, answer: await browser.post("/api/sign-in/second-factor", { answer: { code } }) };
  };
  const removeAll = (browser: TestBrowser, body: unknown = {}) => browser.request("DELETE", "/api/account/recovery-codes", body);

  test("ten distinct codes are shown once; the status tells how many are left, never the codes; audited and mailed", async () => {
    const { email, id, browser } = await signedIn();
    assert.deepEqual((await browser.get("/api/account/recovery-codes")).body, { remaining: 0, generatedAt: null });
    const codes = await generate(browser);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, /^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);

    const status = await browser.get("/api/account/recovery-codes");
    assert.equal(status.body.remaining, 10);
    assert.ok(Date.now() - Date.parse(status.body.generatedAt) < 60_000);
    assert.deepEqual(Object.keys(status.body).sort(), ["generatedAt", "remaining"]);
    const stored = await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, id));
    assert.equal(stored.length, 10);
    for (const row of stored) {
      assert.match(row.codeHash, /^\$argon2id\$/);
      assert.equal(
        codes.some((code) => row.codeHash.includes(code.replace("-", ""))),
        false,
      );
    }
    const [mail] = await mailsTo(db(), email);
    assert.equal(mail.subject, "OpenCPMS Login: a verification method was added");
    assert.match(mail.text, /Recovery codes \(10 recovery codes\) was added/);
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.type, "factor.added")));
    assert.deepEqual(event.details, { method: "recovery", description: "10 recovery codes" });
  });

  test("a code signs in once, typed in any case and with or without its hyphen; the same code then fails", async () => {
    const { email, browser: owner } = await signedIn();
    const codes = await generate(owner);
    const { browser, answer } = await signInWithCode(email, ` ${codes[3].toLowerCase().replace("-", " ")} `);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const session = (await browser.get("/api/session")).body;
    assert.deepEqual(new Set(session.amr), new Set(["pwd", "otp", "mfa"]));
    assert.equal(session.acr, "substantial");
    assert.equal((await owner.get("/api/account/recovery-codes")).body.remaining, 9);

    const again = await signInWithCode(email, codes[3]);
    assert.equal(again.answer.status, 400);
    assert.deepEqual(again.answer.body.errors, [{ field: "code", detail: USED_RECOVERY_CODE }]);
    assert.equal((await again.browser.get("/api/session")).body.user, null);
    const wrong = await again.browser.post("/api/sign-in/second-factor", { answer: { code: "AAAAA-BBBBB" } });
    assert.equal(wrong.body.detail, WRONG_RECOVERY_CODE);
    const another = await again.browser.post("/api/sign-in/second-factor", { answer: { code: codes[4] } });
    assert.equal(another.status, 200, "another unused code works");
  });

  test("generating new codes makes the old ones stop working", async () => {
    const { email, browser } = await signedIn();
    const old = await generate(browser);
    const fresh = await generate(browser);
    assert.equal((await browser.get("/api/account/recovery-codes")).body.remaining, 10);
    const refused = await signInWithCode(email, old[0]);
    assert.equal(refused.answer.status, 400);
    assert.equal(refused.answer.body.detail, WRONG_RECOVERY_CODE);
    const accepted = await refused.browser.post("/api/sign-in/second-factor", { answer: { code: fresh[0] } });
    assert.equal(accepted.status, 200);
  });

  test("when two or fewer codes are left after a sign-in, the owner is mailed", async () => {
    const { email, id, browser } = await signedIn();
    const codes = await generate(browser);
    // Seven codes spent beforehand (which row holds which code is hidden by the hashes).
    const rows = await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, id));
    await db()
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(
        inArray(
          recoveryCodes.id,
          rows.slice(0, 7).map((row) => row.id),
        ),
      );
    let signedInWith: string | undefined;
    for (const code of codes) {
      if ((await signInWithCode(email, code)).answer.status === 200) {
        signedInWith = code;
        break;
      }
    }
    assert.ok(signedInWith, "one of the three unused codes signs in");
    assert.equal((await browser.get("/api/account/recovery-codes")).body.remaining, 2);
    const [mail] = await mailsTo(db(), email);
    assert.equal(mail.subject, "OpenCPMS Login: you have 2 recovery codes left");
    assert.match(mail.text, /\/account\/recovery-codes/);
  });

  test("removing the codes needs a recent sign-in, and confirmation when they are the last method", async () => {
    const { email, id, browser } = await signedIn();
    await generate(browser);
    await db()
      .update(sessions)
      .set({ authTime: new Date(Date.now() - 10 * 60_000) })
      .where(eq(sessions.userId, id));
    const stale = await removeAll(browser, { confirmLastFactor: true });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.code, "reauthentication_required");
    const staleGenerate = await browser.post("/api/account/recovery-codes");
    assert.equal(staleGenerate.status, 401);
    assert.equal(staleGenerate.body.code, "reauthentication_required");
    await browser.post("/api/session/reauthenticate", { password: STRONG_PASSWORD });

    const last = await removeAll(browser);
    assert.equal(last.status, 409);
    assert.equal(last.body.code, "last_factor");
    assert.equal((await browser.get("/api/account/recovery-codes")).body.remaining, 10);
    const removed = await removeAll(browser, { confirmLastFactor: true });
    assert.equal(removed.status, 200);
    assert.deepEqual((await browser.get("/api/account/recovery-codes")).body, { remaining: 0, generatedAt: null });
    const [mail] = await mailsTo(db(), email);
    assert.equal(mail.subject, "OpenCPMS Login: a verification method was removed");
    assert.match(mail.text, /Recovery codes \(10 unused recovery codes\) was removed/);
    assert.equal((await removeAll(browser, { confirmLastFactor: true })).status, 404);
  });

  test("with an authenticator app too, the codes are not the last method", async () => {
    const { browser } = await signedIn();
    await addConfirmedApp(browser);
    await generate(browser);
    assert.equal((await removeAll(browser)).status, 200);
  });

  test("the endpoints need a session", async () => {
    const anonymous = new TestBrowser(identity());
    assert.equal((await anonymous.get("/api/account/recovery-codes")).status, 401);
    assert.equal((await anonymous.post("/api/account/recovery-codes")).status, 401);
    assert.equal((await removeAll(anonymous)).status, 401);
  });
});
