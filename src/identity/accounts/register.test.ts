import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { count, eq } from "drizzle-orm";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { auditEvents } from "../pg-schema.ts";
import { captchas, users } from "./tables.ts";
import { createAccount, mailsTo, NEWCOMER } from "./testing.ts";

describe("Create an account", () => {
  let system: System;
  let browser: TestBrowser;
  before(async () => {
    system = await startTestSystem({ CAPTCHA: "on" });
  });
  after(() => system.close());

  const db = () => system.database.db;
  const solveCaptcha = async () => {
    const { id } = (await browser.post("/api/captcha")).body;
    const [row] = await db().select().from(captchas).where(eq(captchas.id, id));
    return { captchaId: id, captchaAnswer: row.answer.toLowerCase() };
  };
  const userCount = async () => (await db().select({ n: count() }).from(users))[0].n;

  test("a newcomer is registered and mailed a single-use link to create the password", async () => {
    browser = new TestBrowser(system.server("identity"));
    const response = await browser.post("/api/accounts", { ...NEWCOMER, ...(await solveCaptcha()) });
    assert.equal(response.status, 202);
    assert.match(response.body.message, /ana\.ferreira@chlc\.example/);
    const [user] = await db().select().from(users).where(eq(users.email, NEWCOMER.email));
    assert.equal(user.firstName, "Ana");
    assert.equal(user.locale, "pt");
    assert.equal(user.passwordHash, null);
    const [mail] = await mailsTo(db(), NEWCOMER.email);
    assert.match(mail.subject, /you have been registered/);
    assert.match(mail.text, /You have been registered in OpenCPMS Login\./);
    assert.match(mail.text, /\/password\/set\?token=/);
    assert.match(mail.text, /maximum of 30 min/);
    const events = await db().select().from(auditEvents).where(eq(auditEvents.subjectId, user.id));
    assert.deepEqual(
      events.map((e) => e.type),
      ["account.created"],
    );
  });

  test("e-mails that differ are refused next to the confirmation field, and nothing is created", async () => {
    browser = new TestBrowser(system.server("identity"));
    const before = await userCount();
    const response = await browser.post("/api/accounts", {
      ...NEWCOMER,
      email: "jan.novak@fnmotol.example",
      confirmEmail: "jan.nowak@fnmotol.example",
      ...(await solveCaptcha()),
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers["content-type"], "application/problem+json; charset=utf-8");
    assert.deepEqual(response.body.errors, [{ field: "confirmEmail", detail: "The e-mail addresses do not match." }]);
    assert.equal(await userCount(), before);
    assert.equal((await mailsTo(db(), "jan.novak@fnmotol.example")).length, 0);
  });

  test("a wrong CAPTCHA answer is refused, changes nothing, and the same code cannot be tried again", async () => {
    browser = new TestBrowser(system.server("identity"));
    const before = await userCount();
    const { captchaId, captchaAnswer } = await solveCaptcha();
    const person = { ...NEWCOMER, email: "eva.berg@ki.example", confirmEmail: "eva.berg@ki.example" };
    const wrong = await browser.post("/api/accounts", { ...person, captchaId, captchaAnswer: "WRONG1" });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.errors[0].field, "captcha");
    assert.match(wrong.body.detail, /does not match the image/);
    const retry = await browser.post("/api/accounts", { ...person, captchaId, captchaAnswer });
    assert.equal(retry.status, 400, "a code is good for one try only");
    assert.equal(await userCount(), before);
    const missing = await browser.post("/api/accounts", person);
    assert.equal(missing.status, 400);
    assert.equal(await userCount(), before);
  });

  test("the CAPTCHA is served as an image and as audio, and expires", async () => {
    browser = new TestBrowser(system.server("identity"));
    const { id, image, audio } = (await browser.post("/api/captcha")).body;
    const svg = await browser.get(image);
    assert.equal(svg.status, 200);
    assert.match(String(svg.headers["content-type"]), /image\/svg\+xml/);
    const wav = await system.server("identity").inject({ url: audio });
    assert.equal(wav.statusCode, 200);
    assert.equal(wav.rawPayload.subarray(0, 4).toString(), "RIFF");
    await db()
      .update(captchas)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(captchas.id, id));
    assert.equal((await browser.get(image)).status, 404);
  });

  test("registering an existing e-mail answers the same, changes nothing, and mails the owner instead", async () => {
    browser = new TestBrowser(system.server("identity"));
    const person = { ...NEWCOMER, firstName: "Lars", lastName: "Holm", email: "lars.holm@rh.example", confirmEmail: "lars.holm@rh.example" };
    await createAccount(browser, db(), { ...person, ...(await solveCaptcha()) } as typeof NEWCOMER);
    const [original] = await db().select().from(users).where(eq(users.email, person.email));
    const fresh = { ...NEWCOMER, email: "new.person@rh.example", confirmEmail: "new.person@rh.example" };
    const forNew = await browser.post("/api/accounts", { ...fresh, ...(await solveCaptcha()) });
    const again = await browser.post("/api/accounts", {
      ...person,
      firstName: "Mallory",
      email: "LARS.HOLM@rh.example",
      confirmEmail: "lars.holm@RH.example",
      ...(await solveCaptcha()),
    });
    assert.equal(again.status, forNew.status);
    assert.equal(again.body.message.replace("lars.holm@rh.example", "X"), forNew.body.message.replace("new.person@rh.example", "X"));
    const [unchanged] = await db().select().from(users).where(eq(users.email, person.email));
    assert.deepEqual(unchanged, original);
    const [mail] = await mailsTo(db(), person.email);
    assert.match(mail.subject, /you already have an account/);
    assert.doesNotMatch(mail.text, /token=/);
  });

  test("at most five account mails go to one address per hour", async () => {
    browser = new TestBrowser(system.server("identity"));
    const person = { ...NEWCOMER, email: "flood.target@example.org", confirmEmail: "flood.target@example.org" };
    for (let i = 0; i < 7; i++) {
      const response = await browser.post("/api/accounts", { ...person, ...(await solveCaptcha()) });
      assert.equal(response.status, 202);
    }
    assert.equal((await mailsTo(db(), person.email)).length, 5);
  });
});
