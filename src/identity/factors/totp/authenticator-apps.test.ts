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
import { WRONG_CODE } from "./codes.ts";
import { REPLAYED_CODE } from "./factor.ts";
import { openSecret } from "./secret-box.ts";
import { authenticatorApps } from "./tables.ts";
import { addConfirmedApp, totpCode } from "./testing.ts";

describe("Manage my authenticator apps, and signing in with their codes", () => {
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
    const email = `totp${n}@hospital.example`;
    const { id } = await addUser(db(), system.config, { email, firstName: "Inês", lastName: "Santos", password: STRONG_PASSWORD });
    const browser = new TestBrowser(identity());
    assert.equal((await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    await confirmSecondFactor(db(), browser);
    return { email, id, browser };
  };
  const ageSession = (userId: string, minutes: number) =>
    db()
      .update(sessions)
      .set({ authTime: new Date(Date.now() - minutes * 60_000) })
      .where(eq(sessions.userId, userId));
  const remove = (browser: TestBrowser, appId: string, body: unknown = {}) => browser.request("DELETE", `/api/account/authenticator-apps/${appId}`, body);
  const signInWithTotp = async (email: string, code: string, browser = new TestBrowser(identity())) => {
    const first = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "totp" });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.done, false);
    assert.deepEqual(first.body.show, {}, "nothing is sent: the app already shows the code");
    return { browser, answer: await browser.post("/api/sign-in/second-factor", { answer: { code } }) };
  };
  const typesOf = async (userId: string) => (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, userId))).map((e) => e.type);

  test("adding an app shows its otpauth URI, its secret grouped for typing and a QR code; the first code confirms it, audited and mailed", async () => {
    const { email, id, browser } = await signedIn();
    const added = await browser.post("/api/account/authenticator-apps", { name: "  Work phone " });
    assert.equal(added.status, 201);
    assert.equal(added.body.name, "Work phone");
    assert.match(added.body.secret, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, "160 bits in base32, in groups of four");
    const secret = added.body.secret.replaceAll(" ", "");
    const uri = new URL(added.body.uri);
    assert.equal(uri.protocol, "otpauth:");
    assert.equal(uri.host, "totp");
    assert.equal(decodeURIComponent(uri.pathname), `/OpenCPMS Login:${email}`);
    assert.equal(uri.searchParams.get("issuer"), "OpenCPMS Login");
    assert.equal(uri.searchParams.get("secret"), secret);
    assert.match(added.body.qrCode, /^data:image\/svg\+xml;base64,/);
    assert.match(Buffer.from(added.body.qrCode.split(",")[1], "base64").toString(), /^<svg /);

    assert.equal(
      (await browser.get("/api/account")).body.methods.find((m: { method: string }) => m.method === "totp").isSetUp,
      false,
      "not before its first code",
    );
    const confirmed = await browser.post(`/api/account/authenticator-apps/${added.body.id}/confirm`, { code: await totpCode(secret) });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal((await browser.get("/api/account")).body.methods.find((m: { method: string }) => m.method === "totp").isSetUp, true);

    const listed = await browser.get("/api/account/authenticator-apps");
    assert.equal(listed.body.apps.length, 1);
    assert.equal(listed.body.apps[0].name, "Work phone");
    assert.ok(listed.body.apps[0].confirmedAt && listed.body.apps[0].lastUsedAt && listed.body.apps[0].createdAt);
    assert.equal(JSON.stringify(listed.body).includes(secret), false, "the list never shows a secret");

    const [mail] = await mailsTo(db(), email);
    assert.equal(mail.subject, "OpenCPMS Login: a verification method was added");
    assert.match(mail.text, /Authenticator app \(Work phone\) was added to your OpenCPMS Login account/);
    assert.ok((await typesOf(id)).includes("factor.added"));
    const again = await browser.post(`/api/account/authenticator-apps/${added.body.id}/confirm`, { code: await totpCode(secret, 1) });
    assert.equal(again.status, 409);
  });

  test("the secret is stored encrypted, and opens only for its own account", async () => {
    const { id, browser } = await signedIn();
    const { id: appId, secret } = await addConfirmedApp(browser);
    const [row] = await db().select().from(authenticatorApps).where(eq(authenticatorApps.id, appId));
    assert.equal(row.secret.includes(secret), false);
    assert.match(row.secret, /^v1:/);
    assert.equal(await openSecret(db(), system.config, id, row.secret), secret);
    await assert.rejects(openSecret(db(), system.config, "00000000-0000-0000-0000-000000000000", row.secret), /cannot be decrypted/);
  });

  test("a wrong first code leaves the app unconfirmed, and it is not a factor", async () => {
    const { email, browser } = await signedIn();
    const added = await browser.post("/api/account/authenticator-apps", { name: "Tablet" });
    const secret = added.body.secret.replaceAll(" ", "");
    const wrongCode = (await totpCode(secret, 5)) === "123456" ? "654321" : "123456";
    const wrong = await browser.post(`/api/account/authenticator-apps/${added.body.id}/confirm`, { code: wrongCode });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.errors, [{ field: "code", detail: WRONG_CODE }]);
    const malformed = await browser.post(`/api/account/authenticator-apps/${added.body.id}/confirm`, { code: "12ab" });
    assert.equal(malformed.body.errors[0].field, "code");
    const [row] = await db().select().from(authenticatorApps).where(eq(authenticatorApps.id, added.body.id));
    assert.equal(row.confirmedAt, null);
    assert.equal((await browser.get("/api/account/authenticator-apps")).body.apps[0].confirmedAt, null);
    const signIn = await new TestBrowser(identity()).post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "totp" });
    assert.equal(signIn.status, 400);
    assert.match(signIn.body.detail, /You have not set up “Authenticator app code”/);
    assert.equal((await mailsTo(db(), email)).length, 0, "nothing was added, so nothing is mailed");
  });

  test("an unconfirmed app older than an hour is gone: it cannot be confirmed and is cleared by the next addition", async () => {
    const { id, browser } = await signedIn();
    const added = await browser.post("/api/account/authenticator-apps", { name: "Old" });
    await db()
      .update(authenticatorApps)
      .set({ createdAt: new Date(Date.now() - 61 * 60_000) })
      .where(eq(authenticatorApps.id, added.body.id));
    assert.deepEqual((await browser.get("/api/account/authenticator-apps")).body.apps, []);
    const late = await browser.post(`/api/account/authenticator-apps/${added.body.id}/confirm`, { code: await totpCode(added.body.secret) });
    assert.equal(late.status, 404);
    await browser.post("/api/account/authenticator-apps", { name: "New" });
    const names = (await db().select().from(authenticatorApps).where(eq(authenticatorApps.userId, id))).map((app) => app.name);
    assert.deepEqual(names, ["New"]);
  });

  test("signing in with an app's code: amr pwd, otp and mfa at assurance substantial; the same code is refused the next time", async () => {
    const { email } = await signedIn();
    const owner = new TestBrowser(identity());
    await owner.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    await confirmSecondFactor(db(), owner);
    const { secret } = await addConfirmedApp(owner);
    const code = await totpCode(secret, 1);

    const { browser, answer } = await signInWithTotp(email, code);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const session = (await browser.get("/api/session")).body;
    assert.equal(session.user.email, email);
    assert.deepEqual(new Set(session.amr), new Set(["pwd", "otp", "mfa"]));
    assert.equal(session.acr, "substantial");

    const replay = await signInWithTotp(email, code);
    assert.equal(replay.answer.status, 400);
    assert.deepEqual(replay.answer.body.errors, [{ field: "code", detail: REPLAYED_CODE }]);
    assert.equal((await replay.browser.get("/api/session")).body.user, null);
    const older = await replay.browser.post("/api/sign-in/second-factor", { answer: { code: await totpCode(secret) } });
    assert.equal(older.body.detail, REPLAYED_CODE, "an earlier code than the last one used is refused too");
  });

  test("a wrong code, and a code of another account's app, are refused", async () => {
    const mine = await signedIn();
    const { secret } = await addConfirmedApp(mine.browser);
    const other = await signedIn();
    const { secret: otherSecret } = await addConfirmedApp(other.browser);

    const candidates = new Set([await totpCode(secret, 0), await totpCode(secret, 1), await totpCode(secret, -1)]);
    const othersCode = await totpCode(otherSecret, 1);
    if (!candidates.has(othersCode)) {
      const foreign = await signInWithTotp(mine.email, othersCode);
      assert.equal(foreign.answer.status, 400);
      assert.equal(foreign.answer.body.detail, WRONG_CODE);
      assert.equal((await foreign.browser.get("/api/session")).body.user, null);
    }
    const wrongCode = ["000000", "111111", "222222", "333333"].find((code) => !candidates.has(code)) as string;
    const wrong = await signInWithTotp(mine.email, wrongCode);
    assert.equal(wrong.answer.status, 400);
    assert.deepEqual(wrong.answer.body.errors, [{ field: "code", detail: WRONG_CODE }]);
    assert.ok((await typesOf(mine.id)).includes("sign_in.second_factor_failed"));
    const right = await wrong.browser.post("/api/sign-in/second-factor", { answer: { code: await totpCode(secret, 1) } });
    assert.equal(right.status, 200, "the pending sign-in allows another try");
  });

  test("step-up: a password-only session is raised with an app's code, without the password, under a new token", async () => {
    const { id, email, browser: setup } = await signedIn();
    const { secret } = await addConfirmedApp(setup);
    await setup.post("/api/sign-out");
    const browser = new TestBrowser(identity());
    await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
    const token = browser.cookies.get("identity_session");
    assert.equal((await browser.get("/api/session")).body.acr, "low");
    const started = await browser.post("/api/session/step-up", { method: "totp" });
    assert.equal(started.status, 200);
    assert.equal(started.body.done, false);
    const answer = await browser.post("/api/sign-in/second-factor", { answer: { code: await totpCode(secret, 1) } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const session = (await browser.get("/api/session")).body;
    assert.equal(session.acr, "substantial");
    assert.deepEqual(new Set(session.amr), new Set(["pwd", "otp", "mfa"]));
    assert.notEqual(browser.cookies.get("identity_session"), token, "a new token for the raised session");
    assert.equal((await db().select().from(sessions).where(eq(sessions.userId, id))).length, 1, "the low session is gone");
  });

  test("adding or removing with a stale session asks to re-authenticate", async () => {
    const { id, browser } = await signedIn();
    const { id: appId } = await addConfirmedApp(browser);
    await ageSession(id, 10);
    const add = await browser.post("/api/account/authenticator-apps", { name: "Another" });
    assert.equal(add.status, 401);
    assert.equal(add.body.code, "reauthentication_required");
    const removing = await remove(browser, appId, { confirmLastFactor: true });
    assert.equal(removing.status, 401);
    assert.equal(removing.body.code, "reauthentication_required");
    assert.equal((await browser.get("/api/account/authenticator-apps")).body.apps.length, 1);
    assert.equal((await browser.post("/api/session/reauthenticate", { password: STRONG_PASSWORD })).status, 200);
    assert.equal((await remove(browser, appId, { confirmLastFactor: true })).status, 200);
  });

  test("removing the last factor needs confirmation; the removal is audited and mailed", async () => {
    const { email, id, browser } = await signedIn();
    const { id: appId } = await addConfirmedApp(browser, "Old phone");
    const unconfirmed = await remove(browser, appId);
    assert.equal(unconfirmed.status, 409);
    assert.equal(unconfirmed.body.code, "last_factor");
    assert.match(unconfirmed.body.detail, /This is your last second verification method/);
    assert.equal((await browser.get("/api/account/authenticator-apps")).body.apps.length, 1);

    const confirmed = await remove(browser, appId, { confirmLastFactor: true });
    assert.equal(confirmed.status, 200);
    assert.deepEqual((await browser.get("/api/account/authenticator-apps")).body.apps, []);
    const [mail] = await mailsTo(db(), email);
    assert.equal(mail.subject, "OpenCPMS Login: a verification method was removed");
    assert.match(mail.text, /Authenticator app \(Old phone\) was removed from your OpenCPMS Login account/);
    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.type, "factor.removed")));
    assert.deepEqual(event.details, { method: "totp", description: "Old phone" });
  });

  test("with two apps, either can be removed without confirmation; an unconfirmed one goes without a mail", async () => {
    const { email, browser } = await signedIn();
    const first = await addConfirmedApp(browser, "Phone");
    await addConfirmedApp(browser, "Tablet");
    assert.equal((await browser.request("DELETE", `/api/account/authenticator-apps/${first.id}`)).status, 200, "the body is optional");
    const pending = await browser.post("/api/account/authenticator-apps", { name: "Never confirmed" });
    const mailsBefore = (await mailsTo(db(), email)).length;
    assert.equal((await remove(browser, pending.body.id)).status, 200);
    assert.equal((await mailsTo(db(), email)).length, mailsBefore);
  });

  test("another account's app, or a made-up id, is not found", async () => {
    const owner = await signedIn();
    const { id: appId, secret } = await addConfirmedApp(owner.browser);
    const stranger = await signedIn();
    for (const response of [
      await remove(stranger.browser, appId, { confirmLastFactor: true }),
      await stranger.browser.post(`/api/account/authenticator-apps/${appId}/confirm`, { code: await totpCode(secret, 1) }),
      await remove(stranger.browser, "not-an-id"),
    ]) {
      assert.equal(response.status, 404);
      assert.equal(response.body.detail, "Not found or no access.");
    }
    assert.deepEqual((await stranger.browser.get("/api/account/authenticator-apps")).body.apps, []);
    assert.equal((await owner.browser.get("/api/account/authenticator-apps")).body.apps.length, 1);
  });

  test("the endpoints need a session and a name", async () => {
    const anonymous = new TestBrowser(identity());
    assert.equal((await anonymous.get("/api/account/authenticator-apps")).status, 401);
    assert.equal((await anonymous.post("/api/account/authenticator-apps", { name: "Phone" })).status, 401);
    const { browser } = await signedIn();
    const unnamed = await browser.post("/api/account/authenticator-apps", { name: "   " });
    assert.equal(unnamed.status, 400);
    assert.equal(unnamed.body.errors[0].field, "name");
    const { id: appId } = await addConfirmedApp(browser);
    assert.equal((await remove(browser, appId, { confirmLastFactor: "yes" })).status, 400);
    assert.equal((await remove(browser, appId, { somethingElse: true })).status, 400);
  });
});
