import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { addUser } from "../accounts/add-user.ts";
import { sessions, users } from "../accounts/tables.ts";
import { mailsTo, STRONG_PASSWORD } from "../accounts/testing.ts";

describe("My Account", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;
  let n = 0;
  const signedIn = async () => {
    n++;
    const email = `account${n}@hospital.example`;
    const { id } = await addUser(db(), system.config, { email, firstName: "Elena", lastName: "Vidal", password: STRONG_PASSWORD });
    const browser = new TestBrowser(system.server("identity"));
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    return { email, id, browser };
  };
  const ageSession = (userId: string, minutes: number) =>
    db()
      .update(sessions)
      .set({ authTime: new Date(Date.now() - minutes * 60_000) })
      .where(eq(sessions.userId, userId));

  test("needs a session", async () => {
    const browser = new TestBrowser(system.server("identity"));
    const response = await browser.get("/api/account");
    assert.equal(response.status, 401);
    assert.equal(response.body.detail, "Please sign in.");
  });

  test("lists the account, how the session signed in, and which methods are set up", async () => {
    const { email, browser } = await signedIn();
    const response = await browser.get("/api/account");
    assert.equal(response.status, 200);
    assert.equal(response.body.user.email, email);
    assert.deepEqual(response.body.session.amr, ["pwd"]);
    assert.equal(response.body.session.acr, "low");
    assert.deepEqual(
      response.body.methods.map((m: { method: string }) => m.method),
      ["mobile-app-pin", "mobile-app-qr", "sms", "webauthn", "totp", "recovery"],
    );
  });

  test("Change password: with a recent sign-in, other sessions end, this one stays, the owner is mailed", async () => {
    const { email, id, browser } = await signedIn();
    const other = new TestBrowser(system.server("identity"));
    await other.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    const newPassword = "Granite-Willow-Comet-73";
    const response = await browser.post("/api/account/password", { password: newPassword, confirmPassword: newPassword });
    assert.equal(response.status, 200);
    assert.notEqual((await browser.get("/api/session")).body.user, null);
    assert.equal((await other.get("/api/session")).body.user, null);
    assert.equal((await db().select().from(sessions).where(eq(sessions.userId, id))).length, 1);
    const [mail] = await mailsTo(db(), email);
    assert.match(mail.subject, /your password was changed/);
    assert.equal((await other.post("/api/sign-in", { email, password: newPassword, method: "password" })).status, 200);
  });

  test("Change password with a stale session asks to re-authenticate, and a wrong password there changes nothing", async () => {
    const { email, id, browser } = await signedIn();
    await ageSession(id, 10);
    const [before] = await db().select().from(users).where(eq(users.id, id));
    const stale = await browser.post("/api/account/password", { password: "Granite-Willow-Comet-73", confirmPassword: "Granite-Willow-Comet-73" });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.code, "reauthentication_required");
    const wrong = await browser.post("/api/session/reauthenticate", { password: "not-my-password" });
    assert.equal(wrong.status, 401);
    assert.equal(
      (await browser.post("/api/account/password", { password: "Granite-Willow-Comet-73", confirmPassword: "Granite-Willow-Comet-73" })).status,
      401,
    );
    const [unchanged] = await db().select().from(users).where(eq(users.id, id));
    assert.equal(unchanged.passwordHash, before.passwordHash);
    assert.equal((await browser.post("/api/session/reauthenticate", { password: STRONG_PASSWORD })).status, 200);
    assert.equal(
      (await browser.post("/api/account/password", { password: "Granite-Willow-Comet-73", confirmPassword: "Granite-Willow-Comet-73" })).status,
      200,
    );
    assert.equal((await new TestBrowser(system.server("identity")).post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 401);
  });

  test("Change password refuses a weak, mismatched or unchanged password", async () => {
    const { browser } = await signedIn();
    const weak = await browser.post("/api/account/password", { password: "Password123!", confirmPassword: "Password123!" });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.errors[0].field, "password");
    const mismatch = await browser.post("/api/account/password", { password: "Granite-Willow-Comet-73", confirmPassword: "Granite-Willow-Comet-74" });
    assert.equal(mismatch.body.errors[0].field, "confirmPassword");
    const same = await browser.post("/api/account/password", { password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD });
    assert.equal(same.status, 400);
    assert.match(same.body.detail, /must differ/);
  });

  test("My sign-in history shows the account's sign-ins and failures, and nobody else's", async () => {
    const { email, browser } = await signedIn();
    await new TestBrowser(system.server("identity")).post("/api/sign-in", { email, password: "wrong-password", method: "password" });
    const someoneElse = await signedIn();
    const history = await browser.get("/api/account/history");
    assert.equal(history.status, 200);
    const types = history.body.events.map((e: { type: string }) => e.type);
    assert.deepEqual(types, ["sign_in.failed", "sign_in.succeeded"]);
    const theirs = (await someoneElse.browser.get("/api/account/history")).body.events;
    assert.equal(theirs.length, 1);
  });

  test("a step-up needs a session and a method that is set up", async () => {
    const anonymous = await new TestBrowser(system.server("identity")).post("/api/session/step-up", { method: "sms" });
    assert.equal(anonymous.status, 401);
    const { browser } = await signedIn();
    const notSetUp = await browser.post("/api/session/step-up", { method: "totp" });
    assert.equal(notSetUp.status, 400);
    assert.match(notSetUp.body.detail, /You have not set up “Authenticator app code”/);
    const noPending = await browser.post("/api/sign-in/second-factor", { answer: { code: "123456" } });
    assert.equal(noPending.status, 400);
    assert.match(noPending.body.detail, /expired/);
  });
});
