import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { sha256 } from "../../platform/crypto.ts";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { auditEvents } from "../pg-schema.ts";
import { passwordLinks, sessions, users } from "./tables.ts";
import { latestPasswordToken, mailsTo, NEWCOMER, STRONG_PASSWORD } from "./testing.ts";

describe("Create a password with the mailed link", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem({ PASSWORD_LINK_TTL_MINUTES: "5" });
  });
  after(() => system.close());
  const db = () => system.database.db;
  let n = 0;
  const register = async () => {
    n++;
    const email = `user${n}@hospital.example`;
    const browser = new TestBrowser(system.server("identity"));
    await browser.post("/api/accounts", { ...NEWCOMER, email, confirmEmail: email });
    return { browser, email, token: await latestPasswordToken(db(), email) };
  };
  const userByEmail = async (email: string) => (await db().select().from(users).where(eq(users.email, email)))[0];

  test("the link is checked, the password set, the e-mail confirmed and the link used up", async () => {
    const { browser, email, token } = await register();
    const check = await browser.post("/api/password/link/check", { token });
    assert.equal(check.status, 200);
    assert.equal(check.body.email, email);
    assert.equal(check.body.purpose, "create");
    const set = await browser.post("/api/password", { token, password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD });
    assert.equal(set.status, 200);
    const user = await userByEmail(email);
    assert.match(user.passwordHash ?? "", /^\$argon2id\$/);
    assert.ok(user.emailVerifiedAt);
    const types = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, user.id))).map((e) => e.type);
    assert.deepEqual(types, ["account.created", "account.email_confirmed", "account.password_set"]);
    const signIn = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    assert.equal(signIn.status, 200);
  });

  test("a reused link is refused with its own message and changes nothing", async () => {
    const { browser, email, token } = await register();
    await browser.post("/api/password", { token, password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD });
    const hashBefore = (await userByEmail(email)).passwordHash;
    const reuse = await browser.post("/api/password", { token, password: "Another-Strong-Pass-77", confirmPassword: "Another-Strong-Pass-77" });
    assert.equal(reuse.status, 410);
    assert.match(reuse.body.detail, /already been used/);
    assert.equal((await userByEmail(email)).passwordHash, hashBefore);
  });

  test("an expired link is refused, and entering the e-mail again mails a new link that works", async () => {
    const { browser, email, token } = await register();
    await db()
      .update(passwordLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordLinks.tokenHash, sha256(token)));
    const expired = await browser.post("/api/password", { token, password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD });
    assert.equal(expired.status, 410);
    assert.match(expired.body.detail, /expired/);
    assert.equal((await userByEmail(email)).passwordHash, null);
    const again = await browser.post("/api/password/link", { email });
    assert.equal(again.status, 202);
    const fresh = await latestPasswordToken(db(), email);
    assert.notEqual(fresh, token);
    const [mail] = await mailsTo(db(), email);
    assert.match(mail.text, /You have been registered/, "a user without a password gets a create-password link");
    const set = await browser.post("/api/password", { token: fresh, password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD });
    assert.equal(set.status, 200);
  });

  test("a new link supersedes the older one", async () => {
    const { browser, email, token } = await register();
    await browser.post("/api/password/link", { email });
    const old = await browser.post("/api/password/link/check", { token });
    assert.equal(old.status, 410);
    assert.match(old.body.detail, /newer link/);
  });

  test("an unknown link is refused", async () => {
    const browser = new TestBrowser(system.server("identity"));
    const unknown = await browser.post("/api/password/link/check", { token: "A".repeat(43) });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.detail, /not valid/);
  });

  for (const [label, password, expected] of [
    ["too short", "Ab1-xyz", /at least 10 characters/],
    ["too few character groups", "lowercaseonlypasswordhere", /at least 3 of the 4 groups/],
    ["a common password", "Password123!", /too easy to guess/],
    ["containing the user's name", "Ferreira-Lagoon-42", /must not contain your name/],
  ] as const) {
    test(`a weak password (${label}) is refused with the rule, and the link still works`, async () => {
      const { browser, email, token } = await register();
      const weak = await browser.post("/api/password", { token, password, confirmPassword: password });
      assert.equal(weak.status, 400);
      assert.equal(weak.body.errors[0].field, "password");
      assert.match(weak.body.detail, expected);
      assert.equal((await userByEmail(email)).passwordHash, null);
      assert.equal((await browser.post("/api/password/link/check", { token })).status, 200);
    });
  }

  test("passwords that differ are refused next to the confirmation", async () => {
    const { browser, email, token } = await register();
    const response = await browser.post("/api/password", { token, password: STRONG_PASSWORD, confirmPassword: `${STRONG_PASSWORD}x` });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body.errors, [{ field: "confirmPassword", detail: "The two passwords do not match." }]);
    assert.equal((await userByEmail(email)).passwordHash, null);
  });

  test("Lost your password?: the reset ends open sessions, mails the owner, and the old password stops working", async () => {
    const { browser, email, token } = await register();
    await browser.post("/api/password", { token, password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD });
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    const user = await userByEmail(email);
    assert.equal((await db().select().from(sessions).where(eq(sessions.userId, user.id))).length, 1);

    const other = new TestBrowser(system.server("identity"));
    const lost = await other.post("/api/password/link", { email });
    assert.equal(lost.status, 202);
    const [resetMail] = await mailsTo(db(), email);
    assert.match(resetMail.subject, /reset your password/);
    const resetToken = await latestPasswordToken(db(), email);
    assert.equal((await other.post("/api/password/link/check", { token: resetToken })).body.purpose, "reset");
    const newPassword = "Harbour-Maple-Quartz-58";
    assert.equal((await other.post("/api/password", { token: resetToken, password: newPassword, confirmPassword: newPassword })).status, 200);

    assert.equal((await db().select().from(sessions).where(eq(sessions.userId, user.id))).length, 0);
    assert.equal((await browser.get("/api/session")).body.user, null);
    const [changedMail] = await mailsTo(db(), email);
    assert.match(changedMail.subject, /your password was changed/);
    assert.equal((await other.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 401);
    assert.equal((await other.post("/api/sign-in", { email, password: newPassword, method: "password" })).status, 200);
  });

  test("asking for a link for an unknown address answers the same and mails nobody", async () => {
    const browser = new TestBrowser(system.server("identity"));
    const unknown = await browser.post("/api/password/link", { email: "nobody@nowhere.example" });
    const { email } = await register();
    const known = await browser.post("/api/password/link", { email });
    assert.equal(unknown.status, known.status);
    assert.equal(unknown.body.message.replace("nobody@nowhere.example", "X"), known.body.message.replace(email, "X"));
    assert.equal((await mailsTo(db(), "nobody@nowhere.example")).length, 0);
  });
});
