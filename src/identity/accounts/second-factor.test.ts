/*
 * The rules of the second step that hold whatever the factor (shown with an
 * authenticator app, whose codes the test computes).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { addConfirmedApp, totpCode } from "../factors/totp/testing.ts";
import { auditEvents } from "../pg-schema.ts";
import { addUser } from "./add-user.ts";
import { MAX_FACTOR_FAILURES } from "./factor-lockout.ts";
import { latestPasswordToken, mailsTo, STRONG_PASSWORD } from "./testing.ts";
import { pendingAuthentications } from "./tables.ts";

describe("The second step", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;
  const identity = () => system.server("identity");
  let n = 0;
  /** An account with an authenticator app, and a browser signed in with the password only. */
  const withApp = async () => {
    n++;
    const email = `second${n}@hospital.example`;
    const { id } = await addUser(db(), system.config, { email, firstName: "Noor", lastName: "Haddad", password: STRONG_PASSWORD });
    const setup = new TestBrowser(identity());
    await setup.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    const { id: appId, secret } = await addConfirmedApp(setup);
    await setup.post("/api/sign-out");
    const browser = new TestBrowser(identity());
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    return { email, id, appId, secret, browser };
  };

  test("once an account has a second factor, the password alone cannot change its factors or its password", async () => {
    const { appId, secret, browser } = await withApp();
    assert.equal((await browser.get("/api/session")).body.acr, "low");
    const attempts = [
      await browser.post("/api/account/authenticator-apps", { name: "Attacker's phone" }),
      await browser.request("DELETE", `/api/account/authenticator-apps/${appId}`, { confirmLastFactor: true }),
      await browser.post("/api/account/recovery-codes"),
      await browser.post("/api/account/phones", { number: "+33612345678" }),
      await browser.post("/api/account/security-keys/options", { name: "Key" }),
      await browser.post("/api/account/password", { password: "Granite-Willow-Comet-73", confirmPassword: "Granite-Willow-Comet-73" }),
    ];
    for (const response of attempts) {
      assert.equal(response.status, 401, JSON.stringify(response.body));
      assert.equal(response.body.code, "step_up_required");
      assert.equal(response.body.acr, "substantial");
    }
    const apps = (await browser.get("/api/account/authenticator-apps")).body.apps;
    assert.equal(apps.length, 1, "nothing was added or removed");
    // After confirming with the app, the same changes are allowed.
    await browser.post("/api/session/step-up", { method: "totp" });
    assert.equal((await browser.post("/api/sign-in/second-factor", { answer: { code: await totpCode(secret, 1) } })).status, 200);
    assert.equal((await browser.post("/api/account/recovery-codes")).status, 201);
  });

  test("wrong codes count per account across sign-ins: the account's second step locks and its owner is mailed", async () => {
    const { email, id, secret } = await withApp();
    let last: Awaited<ReturnType<TestBrowser["post"]>> | undefined;
    for (let i = 0; i < MAX_FACTOR_FAILURES; i++) {
      // A fresh sign-in every two tries: starting again gives no new tries.
      const browser = new TestBrowser(identity());
      await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "totp" });
      last = await browser.post("/api/sign-in/second-factor", { answer: { code: "000000" } });
      if (i % 2 === 0 && i + 1 < MAX_FACTOR_FAILURES) {
        i++;
        last = await browser.post("/api/sign-in/second-factor", { answer: { code: "000001" } });
      }
    }
    assert.equal(last?.status, 400);
    const browser = new TestBrowser(identity());
    const locked = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "totp" });
    assert.equal(locked.status, 429);
    assert.match(locked.body.detail, /Second-factor sign-in is locked/);
    const [mail] = await mailsTo(db(), email);
    assert.match(mail.subject, /too many wrong verification codes/);
    const types = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, id))).map((e) => e.type);
    assert.ok(types.includes("account.second_factor_locked"));
    assert.equal((await browser.get("/api/session")).body.user, null);
    const right = await new TestBrowser(identity()).post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "totp" });
    assert.equal(right.status, 429, "the lock holds for every new sign-in");
    assert.ok(secret);
  });

  test("parallel answers cannot exceed the attempts of one pending step", async () => {
    const { email } = await withApp();
    const browser = new TestBrowser(identity());
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "totp" });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => browser.post("/api/sign-in/second-factor", { answer: { code: String(100000 + i) } })),
    );
    // A checked wrong code answers next to the field, or "That was the last try"; the rest find no pending step.
    const checked = answers.filter((a) => a.body.errors?.[0]?.field === "code" || /last try/.test(a.body.detail)).length;
    assert.ok(checked <= 5, `${checked} answers were checked`);
    assert.ok(
      answers.some((a) => /expired|Too many wrong answers/.test(a.body.detail)),
      "the others were refused unchecked",
    );
  });

  test("a step-up completes only in the session that started it", async () => {
    const { secret, browser } = await withApp();
    await browser.post("/api/session/step-up", { method: "totp" });
    const other = new TestBrowser(identity());
    other.cookies.set("identity_pending", browser.cookies.get("identity_pending") as string);
    const stolen = await other.post("/api/sign-in/second-factor", { answer: { code: await totpCode(secret, 1) } });
    assert.equal(stolen.status, 400);
    assert.match(stolen.body.detail, /started in another session/);
    assert.equal((await other.get("/api/session")).body.user, null);
    assert.equal((await browser.get("/api/session")).body.acr, "low");
  });

  test("signing out ends a pending second step, and so does a password reset", async () => {
    const { email, id } = await withApp();
    const browser = new TestBrowser(identity());
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "totp" });
    await browser.post("/api/sign-out");
    assert.equal((await browser.post("/api/sign-in/second-factor", { answer: { code: "123456" } })).status, 400);

    const attacker = new TestBrowser(identity());
    await attacker.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "totp" });
    assert.equal((await db().select().from(pendingAuthentications).where(eq(pendingAuthentications.userId, id))).length, 1);
    await new TestBrowser(identity()).post("/api/password/link", { email });
    const token = await latestPasswordToken(db(), email);
    await new TestBrowser(identity()).post("/api/password", { token, password: "Harbour-Maple-Quartz-58", confirmPassword: "Harbour-Maple-Quartz-58" });
    assert.equal((await db().select().from(pendingAuthentications).where(eq(pendingAuthentications.userId, id))).length, 0);
  });
});
