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
import { webauthnCredentials, webauthnRegistrations } from "./tables.ts";
import { type Bend, SoftAuthenticator } from "./testing/soft-authenticator.ts";

const MISMATCH = "This security key answer does not match this sign-in. Please try again.";

describe("Security key or trusted platform", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;
  const origin = () => system.config.urls.identity;

  let n = 0;
  /** An account signed in with its password, and a passkey-capable device (or a USB key). */
  const account = async (kind?: { attachment: "platform" | "cross-platform"; transports: string[] }) => {
    n++;
    const email = `keyholder${n}@hospital.example`;
    const user = await addUser(db(), system.config, { email, firstName: "Jonas", lastName: "Berg", password: STRONG_PASSWORD });
    const browser = new TestBrowser(system.server("identity"));
    assert.equal((await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    await confirmSecondFactor(db(), browser);
    return { email, id: user.id, browser, authenticator: new SoftAuthenticator(origin(), kind) };
  };
  type Account = Awaited<ReturnType<typeof account>>;

  const addKey = async ({ browser, authenticator }: Account, name: string, bend: Bend = {}) => {
    const options = await browser.post("/api/account/security-keys/options", { name });
    assert.equal(options.status, 200, JSON.stringify(options.body));
    return browser.post("/api/account/security-keys", { name, response: authenticator.create(options.body.options, bend) });
  };
  const keys = async (browser: TestBrowser) => (await browser.get("/api/account/security-keys")).body.keys;

  /** The password step choosing this method, in a fresh browser; returns the browser and the options shown. */
  const startSignIn = async (email: string) => {
    const browser = new TestBrowser(system.server("identity"));
    const started = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "webauthn" });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.done, false);
    return { browser, show: started.body.show };
  };
  const answer = (browser: TestBrowser, response: unknown) => browser.post("/api/sign-in/second-factor", { answer: { response } });
  const makeStale = (userId: string) =>
    db()
      .update(sessions)
      .set({ authTime: new Date(Date.now() - 10 * 60_000) })
      .where(eq(sessions.userId, userId));

  test("a key is added, listed, renamed and removed; adding and removing are mailed and audited", async () => {
    const holder = await account();
    const added = await addKey(holder, "  My laptop ");
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.key.name, "My laptop");

    const [listed] = await keys(holder.browser);
    assert.equal(listed.name, "My laptop");
    assert.ok(Date.parse(listed.createdAt) > Date.now() - 60_000);
    assert.equal(listed.lastUsedAt, null);
    const account_ = (await holder.browser.get("/api/account")).body;
    assert.equal(account_.methods.find((m: { method: string }) => m.method === "webauthn").isSetUp, true);

    const renamed = await holder.browser.request("PATCH", `/api/account/security-keys/${listed.id}`, { name: "Work laptop" });
    assert.equal(renamed.status, 200);
    assert.deepEqual(
      (await keys(holder.browser)).map((k: { name: string }) => k.name),
      ["Work laptop"],
    );

    const [addedMail] = await mailsTo(db(), holder.email);
    assert.equal(addedMail.subject, "OpenCPMS Login: a verification method was added");
    assert.match(addedMail.text, /Security key or trusted platform \(My laptop\) was added to your OpenCPMS Login account/);

    const removed = await holder.browser.request("DELETE", `/api/account/security-keys/${listed.id}`, { confirmLastFactor: true });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.deepEqual(await keys(holder.browser), []);
    const [removedMail] = await mailsTo(db(), holder.email);
    assert.equal(removedMail.subject, "OpenCPMS Login: a verification method was removed");
    assert.match(removedMail.text, /\(Work laptop\) was removed from your OpenCPMS Login account/);
    const types = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, holder.id))).map((e) => e.type);
    assert.deepEqual(
      types.filter((type) => type.startsWith("factor.")),
      ["factor.added", "factor.removed"],
    );
  });

  test("the options exclude the account's keys, require user verification and name the account", async () => {
    const holder = await account();
    await addKey(holder, "Laptop");
    const options = (await holder.browser.post("/api/account/security-keys/options", { name: "Another" })).body.options;
    assert.equal(options.rp.name, "OpenCPMS Login");
    assert.equal(options.rp.id, new URL(origin()).hostname);
    assert.equal(options.user.name, holder.email);
    assert.equal(options.user.displayName, "Jonas Berg");
    assert.equal(options.authenticatorSelection.userVerification, "required");
    assert.equal(options.authenticatorSelection.residentKey, "preferred");
    assert.deepEqual(
      options.excludeCredentials.map((c: { id: string }) => c.id),
      [holder.authenticator.credentials[0].id],
    );
  });

  test("a name must have 1 to 60 characters", async () => {
    const { browser } = await account();
    for (const name of ["", "   ", "x".repeat(61)]) {
      const refused = await browser.post("/api/account/security-keys/options", { name });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.errors[0].field, "name");
      assert.match(refused.body.detail, /1 to 60 characters/);
    }
  });

  test("a registration answer is used once, and must answer this session's challenge", async () => {
    const holder = await account();
    const options = (await holder.browser.post("/api/account/security-keys/options", { name: "Key" })).body.options;
    const response = holder.authenticator.create(options);
    assert.equal((await holder.browser.post("/api/account/security-keys", { name: "Key", response })).status, 201);
    const replayed = await holder.browser.post("/api/account/security-keys", { name: "Key", response });
    assert.equal(replayed.status, 400);
    assert.equal(replayed.body.detail, "This request has expired. Please add your security key again.");

    await holder.browser.post("/api/account/security-keys/options", { name: "Other" });
    const stale = holder.authenticator.create(options);
    const refused = await holder.browser.post("/api/account/security-keys", { name: "Other", response: stale });
    assert.equal(refused.status, 400);
    assert.match(refused.body.detail, /does not match this request/);
    assert.equal((await keys(holder.browser)).length, 1);
  });

  test("adding a key without user verification, or on another website, is refused", async () => {
    const holder = await account();
    const unverified = await addKey(holder, "No PIN", { isUserVerified: false });
    assert.equal(unverified.status, 400);
    assert.match(unverified.body.detail, /did not verify that it is you/);
    const elsewhere = await addKey(holder, "Phished", { origin: "https://opencpms-login.example.net" });
    assert.equal(elsewhere.status, 400);
    assert.match(elsewhere.body.detail, /made for another website/);
    assert.deepEqual(await keys(holder.browser), []);
    assert.equal((await mailsTo(db(), holder.email)).length, 0);
  });

  test("signing in with a passkey gives pwd + swk + user + mfa at assurance high, and records its use", async () => {
    const holder = await account();
    await addKey(holder, "Laptop");
    const { browser, show } = await startSignIn(holder.email);
    assert.equal(show.userVerification, "required");
    assert.equal(show.rpId, new URL(origin()).hostname);
    assert.deepEqual(
      show.allowCredentials.map((c: { id: string }) => c.id),
      [holder.authenticator.credentials[0].id],
    );
    const done = await answer(browser, holder.authenticator.get(show));
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const session = (await browser.get("/api/session")).body;
    assert.equal(session.user.email, holder.email);
    assert.deepEqual(session.amr, ["pwd", "swk", "user", "mfa"]);
    assert.equal(session.acr, "high");
    const [key] = await db().select().from(webauthnCredentials).where(eq(webauthnCredentials.userId, holder.id));
    assert.equal(key.counter, 1);
    assert.ok(key.lastUsedAt);
    assert.ok((await keys(holder.browser))[0].lastUsedAt);
  });

  test("signing in with a USB security key gives hwk", async () => {
    const holder = await account({ attachment: "cross-platform", transports: ["usb"] });
    await addKey(holder, "Blue key");
    const { browser, show } = await startSignIn(holder.email);
    assert.equal((await answer(browser, holder.authenticator.get(show))).status, 200);
    assert.deepEqual((await browser.get("/api/session")).body.amr, ["pwd", "hwk", "user", "mfa"]);
  });

  test("an answer signed for another sign-in's challenge is refused", async () => {
    const holder = await account();
    await addKey(holder, "Laptop");
    const first = await startSignIn(holder.email);
    const second = await startSignIn(holder.email);
    const refused = await answer(second.browser, holder.authenticator.get(first.show));
    assert.equal(refused.status, 400);
    assert.equal(refused.body.detail, MISMATCH);
    assert.equal((await second.browser.get("/api/session")).body.user, null);
    assert.equal((await answer(second.browser, holder.authenticator.get(second.show))).status, 200, "the right answer still works");
  });

  test("an answer from another account's key is refused", async () => {
    const holder = await account();
    const other = await account();
    await addKey(holder, "Mine");
    await addKey(other, "Theirs");
    const { browser, show } = await startSignIn(holder.email);
    const refused = await answer(browser, other.authenticator.get(show, { credentialId: other.authenticator.credentials[0].id }));
    assert.equal(refused.status, 400);
    assert.match(refused.body.detail, /not registered to your account/);
    assert.equal((await browser.get("/api/session")).body.user, null);
  });

  test("an answer without user verification, or made on another website, is refused", async () => {
    const holder = await account();
    await addKey(holder, "Laptop");
    const { browser, show } = await startSignIn(holder.email);
    const unverified = await answer(browser, holder.authenticator.get(show, { isUserVerified: false }));
    assert.equal(unverified.status, 400);
    assert.match(unverified.body.detail, /did not verify that it is you/);
    const phished = await answer(browser, holder.authenticator.get(show, { origin: "https://opencpms-login.example.net" }));
    assert.equal(phished.status, 400);
    assert.match(phished.body.detail, /made for another website/);
    assert.equal((await browser.get("/api/session")).body.user, null);
    const failures = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, holder.id), eq(auditEvents.type, "sign_in.second_factor_failed")));
    assert.equal(failures.length, 2);
  });

  test("a forged signature is refused", async () => {
    const holder = await account();
    await addKey(holder, "Laptop");
    const { browser, show } = await startSignIn(holder.email);
    const response = holder.authenticator.get(show);
    const forged = { ...response, response: { ...response.response, signature: holder.authenticator.get(show).response.signature.replace(/^../, "AA") } };
    const refused = await answer(browser, forged);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.detail, "Your security key's answer could not be verified. Please try again.");
  });

  test("step-up: a password session (low) is raised to high with a passkey, without the password again", async () => {
    const holder = await account();
    await addKey(holder, "Laptop");
    await holder.browser.post("/api/sign-out");
    await holder.browser.post("/api/sign-in", { email: holder.email, password: STRONG_PASSWORD, method: "password" });
    assert.equal((await holder.browser.get("/api/session")).body.acr, "low");
    const begun = await holder.browser.post("/api/session/step-up", { method: "webauthn" });
    assert.equal(begun.status, 200, JSON.stringify(begun.body));
    const raised = await answer(holder.browser, holder.authenticator.get(begun.body.show));
    assert.equal(raised.status, 200, JSON.stringify(raised.body));
    const session = (await holder.browser.get("/api/session")).body;
    assert.equal(session.acr, "high");
    assert.deepEqual(session.amr, ["pwd", "swk", "user", "mfa"]);
  });

  test("adding or removing a key with a stale sign-in asks for the password again", async () => {
    const holder = await account();
    const added = await addKey(holder, "Laptop");
    await makeStale(holder.id);
    const options = await holder.browser.post("/api/account/security-keys/options", { name: "Another" });
    assert.equal(options.status, 401);
    assert.equal(options.body.code, "reauthentication_required");
    const removed = await holder.browser.request("DELETE", `/api/account/security-keys/${added.body.key.id}`, { confirmLastFactor: true });
    assert.equal(removed.status, 401);
    assert.equal(removed.body.code, "reauthentication_required");
    assert.equal((await keys(holder.browser)).length, 1);
    assert.equal((await holder.browser.post("/api/session/reauthenticate", { password: STRONG_PASSWORD })).status, 200);
    assert.equal((await holder.browser.request("DELETE", `/api/account/security-keys/${added.body.key.id}`, { confirmLastFactor: true })).status, 200);
  });

  test("removing the last key needs confirmation when no other method is set up; one of two keys does not", async () => {
    const holder = await account();
    const first = (await addKey(holder, "Laptop")).body.key;
    const refused = await holder.browser.request("DELETE", `/api/account/security-keys/${first.id}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, "last_factor");
    assert.match(refused.body.detail, /This is your last second verification method/);
    assert.equal((await keys(holder.browser)).length, 1);

    await addKey(holder, "Phone");
    const oneOfTwo = await holder.browser.request("DELETE", `/api/account/security-keys/${first.id}`);
    assert.equal(oneOfTwo.status, 200, "removing one of two keys leaves the method set up");
  });

  test("another account's key cannot be renamed or removed: Not found or no access", async () => {
    const holder = await account();
    const other = await account();
    const theirs = (await addKey(other, "Theirs")).body.key;
    for (const id of [theirs.id, "not-a-key", "00000000-0000-0000-0000-000000000000"]) {
      const renamed = await holder.browser.request("PATCH", `/api/account/security-keys/${id}`, { name: "Mine now" });
      assert.equal(renamed.status, 404);
      assert.equal(renamed.body.detail, "Not found or no access.");
      const removed = await holder.browser.request("DELETE", `/api/account/security-keys/${id}`, { confirmLastFactor: true });
      assert.equal(removed.status, 404);
      assert.equal(removed.body.detail, "Not found or no access.");
    }
    assert.equal((await keys(other.browser))[0].name, "Theirs");
  });

  test("signed out, the endpoints answer Please sign in", async () => {
    const browser = new TestBrowser(system.server("identity"));
    assert.equal((await browser.get("/api/account/security-keys")).status, 401);
    assert.equal((await browser.post("/api/account/security-keys/options", { name: "Key" })).status, 401);
  });

  test("a registration challenge goes with its session", async () => {
    const holder = await account();
    await holder.browser.post("/api/account/security-keys/options", { name: "Key" });
    assert.equal((await db().select().from(webauthnRegistrations).where(eq(webauthnRegistrations.userId, holder.id))).length, 1);
    await holder.browser.post("/api/sign-out");
    assert.equal((await db().select().from(webauthnRegistrations).where(eq(webauthnRegistrations.userId, holder.id))).length, 0);
  });
});
