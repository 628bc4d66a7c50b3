import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { sha256 } from "../../platform/crypto.ts";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { auditEvents } from "../pg-schema.ts";
import { addUser } from "./add-user.ts";
import { loginThrottles, sessions, users } from "./tables.ts";
import { mailsTo, STRONG_PASSWORD } from "./testing.ts";

describe("Sign in to continue", () => {
  let system: System;
  before(async () => {
    // No delays for the first 2 failures, then 30 s, 60 s…; the 5th failure in a row locks.
    system = await startTestSystem({ LOGIN_FREE_FAILURES: "2", LOGIN_DELAY_SECONDS: "30", LOGIN_MAX_FAILURES: "5", LOGIN_LOCK_MINUTES: "15" });
  });
  after(() => system.close());
  const db = () => system.database.db;
  let n = 0;
  const account = async () => {
    n++;
    const email = `doctor${n}@hospital.example`;
    const user = await addUser(db(), system.config, { email, firstName: "Maria", lastName: "Costa", password: STRONG_PASSWORD });
    return { email, id: user.id, browser: new TestBrowser(system.server("identity")) };
  };
  const signIn = (browser: TestBrowser, email: string, password: string) => browser.post("/api/sign-in", { email, password, method: "password" });
  const throttleOf = (email: string) => eq(loginThrottles.emailHash, sha256(email));
  const clearDelay = (email: string) => db().update(loginThrottles).set({ blockedUntil: new Date() }).where(throttleOf(email));

  test("the e-mail step remembers the address and offers the same methods for any address", async () => {
    const { email, browser } = await account();
    const known = await browser.post("/api/sign-in/email", { email: email.toUpperCase() });
    assert.equal(known.status, 200);
    assert.equal(known.body.email, email);
    assert.equal((await browser.get("/api/session")).body.rememberedEmail, email);
    const unknown = await browser.post("/api/sign-in/email", { email: "ghost@nowhere.example" });
    assert.deepEqual(unknown.body.methods, known.body.methods);
    assert.deepEqual(
      known.body.methods.map((m: { label: string }) => m.label),
      ["Password", "Mobile App PIN Code", "Mobile App QR Code", "Mobile + SMS", "Security key or trusted platform", "Authenticator app code", "Recovery code"],
    );
    await browser.post("/api/sign-in/forget-email");
    assert.equal((await browser.get("/api/session")).body.rememberedEmail, null);
  });

  test("the right password opens a session with amr pwd and assurance low; sign-out ends it", async () => {
    const { email, id, browser } = await account();
    assert.equal((await signIn(browser, email, STRONG_PASSWORD)).status, 200);
    const session = (await browser.get("/api/session")).body;
    assert.equal(session.user.email, email);
    assert.deepEqual(session.amr, ["pwd"]);
    assert.equal(session.acr, "low");
    const cookie = [...browser.cookies.keys()];
    assert.ok(cookie.includes("identity_session"));
    const [row] = await db().select().from(sessions).where(eq(sessions.userId, id));
    assert.notEqual(row.tokenHash, browser.cookies.get("identity_session"), "only the hash of the token is stored");
    assert.equal((await browser.post("/api/sign-out")).status, 200);
    assert.equal((await browser.get("/api/session")).body.user, null);
    assert.equal((await db().select().from(sessions).where(eq(sessions.userId, id))).length, 0);
    const types = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, id))).map((e) => e.type);
    assert.deepEqual(types, ["account.created", "sign_in.succeeded", "sign_out"]);
  });

  test("a wrong password and an unknown address get the same answer", async () => {
    const { email, id, browser } = await account();
    const wrong = await signIn(browser, email, "Not-The-Password-1");
    const unknown = await signIn(browser, "ghost@nowhere.example", "Not-The-Password-1");
    assert.equal(wrong.status, 401);
    assert.deepEqual(unknown.body, wrong.body);
    assert.equal(wrong.body.detail, "The e-mail address or the password is not correct.");
    assert.equal((await browser.get("/api/session")).body.user, null);
    const [failed] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.type, "sign_in.failed")));
    assert.equal(failed.details.failures, 1);
  });

  test("repeated wrong passwords bring growing delays, during which even the right password is refused", async () => {
    const { email, browser } = await account();
    assert.equal((await signIn(browser, email, "wrong-1")).status, 401);
    assert.equal((await signIn(browser, email, "wrong-2")).status, 401);
    const third = await signIn(browser, email, "wrong-3");
    assert.equal(third.status, 401);
    assert.match(third.body.detail, /wait 30 seconds/);
    const blocked = await signIn(browser, email, STRONG_PASSWORD);
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers["retry-after"]) >= 29);
    assert.match(blocked.body.detail, /Please wait \d+ seconds/);
    await clearDelay(email);
    const fourth = await signIn(browser, email, "wrong-4");
    assert.match(fourth.body.detail, /wait 60 seconds/, "the delay doubles");
    await clearDelay(email);
    assert.equal((await signIn(browser, email, STRONG_PASSWORD)).status, 200, "the right password after the delay works and resets the count");
    assert.equal(
      (await signIn(new TestBrowser(system.server("identity")), email, "wrong-again")).body.detail,
      "The e-mail address or the password is not correct.",
    );
  });

  test("wrong passwords until the lock: the account is locked, audited and its owner mailed", async () => {
    const { email, id, browser } = await account();
    for (let i = 1; i <= 4; i++) {
      await signIn(browser, email, `wrong-${i}`);
      await clearDelay(email);
    }
    const fifth = await signIn(browser, email, "wrong-5");
    assert.equal(fifth.status, 429);
    assert.match(fifth.body.detail, /locked for 15 minutes/);
    const [throttle] = await db().select().from(loginThrottles).where(throttleOf(email));
    assert.equal(throttle.isLocked, true);
    assert.ok((throttle.blockedUntil?.getTime() ?? 0) > Date.now() + 14 * 60_000);
    const right = await signIn(new TestBrowser(system.server("identity")), email, STRONG_PASSWORD);
    assert.equal(right.status, 429, "the right password is refused while locked");
    assert.match(right.body.detail, /Lost your password\?/);
    const types = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, id))).map((e) => e.type);
    assert.ok(types.includes("account.locked"));
    const [mail] = await mailsTo(db(), email);
    assert.match(mail.subject, /temporarily locked/);
  });

  test("a burst of parallel guesses cannot outrun the delays: each attempt is counted before its password is checked", async () => {
    const { email, id } = await account();
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(new TestBrowser(system.server("identity")), email, `guess-${i}`)));
    const checked = guesses.filter((g) => g.status === 401).length;
    assert.ok(checked <= 3, `${checked} guesses were checked; after 2 free failures the third brings a delay`);
    assert.ok(guesses.filter((g) => g.status === 429).length >= 9);
    const failures = (
      await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.type, "sign_in.failed")))
    ).length;
    assert.equal(failures, checked);
  });

  test("an unknown address is locked the same way, so locks reveal nothing", async () => {
    const browser = new TestBrowser(system.server("identity"));
    const email = "nobody-here@nowhere.example";
    let last: Awaited<ReturnType<typeof signIn>> | undefined;
    for (let i = 1; i <= 5; i++) {
      last = await signIn(browser, email, `wrong-${i}`);
      if (i < 5) await clearDelay(email);
    }
    assert.equal(last?.status, 429);
    assert.match(last?.body.detail, /locked for 15 minutes/);
    assert.equal((await mailsTo(db(), email)).length, 0);
  });

  test("an account without a password yet cannot sign in", async () => {
    const browser = new TestBrowser(system.server("identity"));
    await addUser(db(), system.config, { email: "pending@hospital.example", firstName: "Pia", lastName: "Lind" });
    const response = await signIn(browser, "pending@hospital.example", "");
    assert.equal(response.status, 400, "an empty password is a validation error");
    assert.equal((await signIn(browser, "pending@hospital.example", "Anything-at-all-1")).status, 401);
  });

  test("an idle session ends", async () => {
    const { email, id, browser } = await account();
    await signIn(browser, email, STRONG_PASSWORD);
    await db()
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - (system.config.sessionIdleMinutes + 1) * 60_000) })
      .where(eq(sessions.userId, id));
    assert.equal((await browser.get("/api/session")).body.user, null);
  });

  test("a browser where the account signed in before lists only the methods it has set up", async () => {
    const { email, browser } = await account();
    await signIn(browser, email, STRONG_PASSWORD);
    await browser.post("/api/sign-out");
    const known = await browser.post("/api/sign-in/email", { email });
    assert.deepEqual(
      known.body.methods.map((m: { id: string }) => m.id),
      ["password"],
    );
    const elsewhere = await new TestBrowser(system.server("identity")).post("/api/sign-in/email", { email });
    assert.equal(elsewhere.body.methods.length, 7);
  });

  test("a method not set up is refused after the password, and opens no session", async () => {
    const { email, id, browser } = await account();
    const response = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "sms" });
    assert.equal(response.status, 400);
    assert.equal(response.body.errors[0].field, "method");
    assert.match(response.body.detail, /You have not set up “Mobile \+ SMS”/);
    assert.equal((await db().select().from(sessions).where(eq(sessions.userId, id))).length, 0);
    const wrongPassword = await browser.post("/api/sign-in", { email, password: "Wrong-password-99", method: "sms" });
    assert.equal(wrongPassword.body.detail, "The e-mail address or the password is not correct.", "nothing is said about methods before the password");
  });

  test("an unknown verification method is refused with a clear message", async () => {
    const { email, browser } = await account();
    const response = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "carrier-pigeon" });
    assert.equal(response.status, 400);
    assert.equal(response.body.errors[0].field, "method");
    assert.match(response.body.detail, /verification method/);
    const [user] = await db().select().from(users).where(eq(users.email, email));
    assert.equal((await db().select().from(sessions).where(eq(sessions.userId, user.id))).length, 0);
  });
});

describe("Housekeeping", () => {
  test("removes ended sessions, expired codes and idle counters, and keeps live ones", async () => {
    const { removeExpired } = await import("./housekeeping.ts");
    const { captchas } = await import("./tables.ts");
    const system = await startTestSystem();
    try {
      const db = system.database.db;
      const user = await addUser(db, system.config, { email: "keep@hospital.example", firstName: "Kim", lastName: "Lee", password: STRONG_PASSWORD });
      const browser = new TestBrowser(system.server("identity"));
      await browser.post("/api/sign-in", { email: "keep@hospital.example", password: STRONG_PASSWORD, method: "password" });
      await db.insert(sessions).values({ tokenHash: "old", userId: user.id, amr: ["pwd"], acr: "low", expiresAt: new Date(Date.now() - 1000) });
      await db.insert(captchas).values([
        { answer: "OLD", expiresAt: new Date(Date.now() - 1000) },
        { answer: "NEW", expiresAt: new Date(Date.now() + 60_000) },
      ]);
      await db.insert(loginThrottles).values({ emailHash: "idle", failures: 2, lastFailureAt: new Date(Date.now() - 2 * 24 * 3_600_000) });
      await removeExpired(db, system.config);
      assert.equal((await db.select().from(sessions)).length, 1);
      assert.deepEqual(
        (await db.select().from(captchas)).map((c) => c.answer),
        ["NEW"],
      );
      assert.equal((await db.select().from(loginThrottles)).length, 0);
      assert.notEqual((await browser.get("/api/session")).body.user, null);
    } finally {
      await system.close();
    }
  });
});
