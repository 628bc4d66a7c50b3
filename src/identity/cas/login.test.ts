/*
 * /cas/login as a browser meets it: the sign-in page and back, tickets,
 * unregistered services, gateway, renew, levels and EU Login's strengths.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { confirmSecondFactor } from "../accounts/testing.ts";
import { addVerifiedPhone, latestSmsCode } from "../factors/sms/testing.ts";
import { addConfirmedApp, totpCode } from "../factors/totp/testing.ts";
import { auditEvents } from "../pg-schema.ts";
import { casTickets } from "./tables.ts";
import { locationOf, loginUrl, newPerson, registeredService, returnToOf, signInWithPassword, ticketFor, ticketOf, validateUrl } from "./testing.ts";

describe("/cas/login", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const db = () => system.database.db;
  const browser = () => new TestBrowser(system.server("identity"));
  const validate = async (b: TestBrowser, ticket: string, service: string, extra = "") =>
    (await b.get(validateUrl("/cas/p3/serviceValidate", ticket, service, `&format=JSON${extra}`))).body.serviceResponse;

  test("without a session: the sign-in page, back to /cas/login, then the service with a ticket from a new login", async () => {
    const service = await registeredService(db());
    const person = await newPerson(system);
    const b = browser();
    const toSignIn = locationOf(await b.get(loginUrl(service)));
    assert.match(toSignIn, /^\/login\?returnTo=%2Fcas%2Flogin%3Fservice%3D/);
    const back = returnToOf(toSignIn);
    assert.equal(new URL(back, "http://x").searchParams.get("service"), service, "the way back names the same service");
    await signInWithPassword(b, person.email);
    const ticket = ticketOf(locationOf(await b.get(back)), service);
    assert.match(ticket, /^ST-[A-Za-z0-9_-]{43}$/);
    const answer = await validate(b, ticket, service);
    assert.equal(answer.authenticationSuccess.user, person.id);
    assert.equal(answer.authenticationSuccess.attributes.isFromNewLogin, true);

    const audited = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "cas.ticket_issued"), eq(auditEvents.actorId, person.id)));
    assert.equal(audited.length, 1);
    assert.equal(audited[0].details.service, service.split("?")[0], "the service's address, without its query");
    assert.equal(audited[0].details.isFromNewLogin, true);
    assert.ok(!JSON.stringify(audited).includes(ticket.slice(3)), "the audit log never holds a ticket");
  });

  test("a signed-in browser gets a ticket at once (single sign-on), not marked as a new login", async () => {
    const service = await registeredService(db());
    const person = await newPerson(system);
    const b = browser();
    await signInWithPassword(b, person.email);
    const ticket = await ticketFor(b, service);
    assert.equal((await validate(b, ticket, service)).authenticationSuccess.attributes.isFromNewLogin, false);
  });

  test("an unregistered service, or a look-alike of a registered one, gets an error page and never a ticket nor a redirect", async () => {
    const service = await registeredService(db());
    const host = new URL(service).host;
    const b = browser();
    await signInWithPassword(b, (await newPerson(system)).email);
    const before = (await db().select().from(casTickets)).length;
    for (const other of [
      "https://unknown.example.org/cas",
      `https://${host}@evil.example/cas`,
      `https://${host}.evil.example/cas`,
      `http://${host}/cas`,
      `https://${host}:8443/cas`,
      `https://${host}\\@evil.example/`,
      "javascript:alert(1)",
    ]) {
      for (const extra of ["", "&gateway=true"]) {
        const reply = await b.get(loginUrl(other, extra));
        assert.equal(reply.status, 400, other);
        assert.equal(reply.headers.location, undefined, other);
        assert.match(String(reply.headers["content-type"]), /^text\/html/);
        assert.match(reply.body, /not registered with OpenCPMS Login/);
      }
    }
    assert.equal((await db().select().from(casTickets)).length, before, "no ticket was issued");
  });

  test("without service: identity's home page, after signing in if needed", async () => {
    const b = browser();
    assert.equal(locationOf(await b.get("/cas/login")), `/login?returnTo=${encodeURIComponent("/")}`);
    await signInWithPassword(b, (await newPerson(system)).email);
    assert.equal(locationOf(await b.get("/cas/login")), "/");
  });

  describe("gateway", () => {
    test("without a session: straight back to the service without a ticket, never a page", async () => {
      const service = await registeredService(db());
      assert.equal(locationOf(await browser().get(loginUrl(service, "&gateway=true"))), service);
    });

    test("with a session: a ticket, as without gateway", async () => {
      const service = await registeredService(db());
      const b = browser();
      await signInWithPassword(b, (await newPerson(system)).email);
      assert.ok(await ticketFor(b, service, "&gateway=true"));
    });

    test("with a session below the level or without an accepted strength: back without a ticket", async () => {
      const service = await registeredService(db(), "substantial");
      const b = browser();
      await signInWithPassword(b, (await newPerson(system)).email);
      assert.equal(locationOf(await b.get(loginUrl(service, "&gateway=true"))), service);
      const low = await registeredService(db());
      assert.equal(locationOf(await b.get(loginUrl(low, "&gateway=true&acceptStrengths=PASSWORD_SMS"))), low);
    });
  });

  describe("renew", () => {
    test("a signed-in browser must type the password again; only then a ticket from a new login", async () => {
      const service = await registeredService(db());
      const person = await newPerson(system);
      const b = browser();
      await signInWithPassword(b, person.email);
      const toSignIn = locationOf(await b.get(loginUrl(service, "&renew=true")));
      assert.match(toSignIn, /^\/login\?returnTo=/, "the session is not enough");
      const back = returnToOf(toSignIn);
      assert.match(back, /signInAsked=/);
      assert.match(locationOf(await b.get(back)), /^\/login\?returnTo=/, "coming back without signing in gives nothing");

      await signInWithPassword(b, person.email);
      const ticket = ticketOf(locationOf(await b.get(back)), service);
      const answer = await validate(b, ticket, service, "&renew=true");
      assert.equal(answer.authenticationSuccess?.user, person.id, JSON.stringify(answer));
      assert.equal(answer.authenticationSuccess.attributes.isFromNewLogin, true);
    });

    test("renew=true on validation refuses a ticket that single sign-on gave", async () => {
      const service = await registeredService(db());
      const b = browser();
      await signInWithPassword(b, (await newPerson(system)).email);
      const ticket = await ticketFor(b, service);
      const answer = await validate(b, ticket, service, "&renew=true");
      assert.equal(answer.authenticationFailure.code, "INVALID_TICKET");
      assert.match(answer.authenticationFailure.description, /not issued from a new login/);
    });

    test("a marker made up or altered, or a sign-in from before it, is not a new login", async () => {
      const service = await registeredService(db());
      const person = await newPerson(system);
      const b = browser();
      await signInWithPassword(b, person.email);
      const back = returnToOf(locationOf(await b.get(loginUrl(service, "&renew=true"))));
      const marker = new URL(back, "http://x").searchParams.get("signInAsked") as string;
      const [when, mac] = marker.split(".");
      const forged = [`${Number(when) - 3_600_000}.${mac}`, `${when}.${mac.slice(0, -2)}AA`, `${Date.now() - 3_600_000}.x`];
      for (const value of forged) {
        const url = back.replace(encodeURIComponent(marker), encodeURIComponent(value));
        assert.notEqual(url, back);
        assert.match(locationOf(await b.get(url)), /^\/login\?/, value);
      }
      const forOther = new URL(back, "http://x").searchParams;
      forOther.set("service", await registeredService(db()));
      await signInWithPassword(b, person.email);
      assert.match(locationOf(await b.get(`/cas/login?${forOther}`)), /^\/login\?/, "a marker is bound to its service");
      assert.ok(ticketOf(locationOf(await b.get(back)), service), "with its own service, the same marker and sign-in give a ticket");
    });

    test("a step-up with a second factor alone raises the session but is not a new login", async () => {
      const service = await registeredService(db());
      const person = await newPerson(system);
      const setup = browser();
      await signInWithPassword(setup, person.email);
      const { secret } = await addConfirmedApp(setup);
      const b = browser();
      await signInWithPassword(b, person.email);
      const back = returnToOf(locationOf(await b.get(loginUrl(service, "&renew=true"))));
      assert.equal((await b.post("/api/session/step-up", { method: "totp" })).status, 200);
      assert.equal((await b.post("/api/sign-in/second-factor", { answer: { code: await totpCode(secret, 1) } })).status, 200);
      assert.equal((await b.get("/api/session")).body.acr, "substantial");
      assert.match(locationOf(await b.get(back)), /^\/login\?/);
    });
  });

  describe("levels of assurance", () => {
    test("a session below the service's level goes to the step-up page, never gets a ticket; once raised, it does", async () => {
      const service = await registeredService(db(), "substantial");
      const b = browser();
      await signInWithPassword(b, (await newPerson(system)).email);
      await addConfirmedApp(b);
      const location = locationOf(await b.get(loginUrl(service)));
      assert.match(location, /^\/step-up\?acr=substantial&returnTo=%2Fcas%2Flogin%3Fservice%3D/);
      assert.equal((await db().select().from(casTickets)).filter((t) => t.service === service).length, 0);
      await confirmSecondFactor(db(), b);
      const ticket = ticketOf(locationOf(await b.get(returnToOf(location))), service);
      const attributes = (await validate(b, ticket, service)).authenticationSuccess.attributes;
      assert.equal(attributes.assuranceLevel, "substantial");
      assert.equal(attributes.authenticationLevel, "MEDIUM");
    });

    test("authenticationLevel raises the level a service needs, never lowers it", async () => {
      const b = browser();
      await signInWithPassword(b, (await newPerson(system)).email);
      await addConfirmedApp(b);
      await confirmSecondFactor(db(), b);
      // The session is substantial; only a security key reaches high, and this user has none.
      const low = await registeredService(db());
      const raised = await b.get(loginUrl(low, "&authenticationLevel=HIGH"));
      assert.equal(raised.status, 403);
      assert.match(raised.body, /“Security key or trusted platform”/);
      const high = await registeredService(db(), "high");
      assert.equal((await b.get(loginUrl(high, "&authenticationLevel=BASIC"))).status, 403);
      assert.ok(await ticketFor(b, low, "&authenticationLevel=MEDIUM"));
      const substantial = await registeredService(db(), "substantial");
      const lowSession = browser();
      await signInWithPassword(lowSession, (await newPerson(system)).email);
      await addConfirmedApp(lowSession);
      assert.match(locationOf(await lowSession.get(loginUrl(substantial, "&authenticationLevel=BASIC"))), /^\/step-up\?acr=substantial&/);
    });

    test("a user without any method that reaches the level gets a page saying what to set up", async () => {
      const service = await registeredService(db(), "high");
      const b = browser();
      await signInWithPassword(b, (await newPerson(system)).email);
      const reply = await b.get(loginUrl(service));
      assert.equal(reply.status, 403);
      assert.match(reply.body, /“Security key or trusted platform”/);
      assert.match(reply.body, /My Account/);
    });
  });

  describe("EU Login's acceptStrengths", () => {
    let phoneNumbers = 0;
    const withPhone = async () => {
      const person = await newPerson(system);
      const setup = browser();
      await signInWithPassword(setup, person.email);
      phoneNumbers++;
      const number = `+3361200${String(phoneNumbers).padStart(4, "0")}`;
      await addVerifiedPhone(setup, db(), number);
      const b = browser();
      await signInWithPassword(b, person.email);
      return { person, number, b };
    };

    test("not met: the step-up page offering only the methods that prove an accepted strength; then a ticket naming it", async () => {
      const service = await registeredService(db());
      const { person, number, b } = await withPhone();
      const location = locationOf(await b.get(loginUrl(service, "&acceptStrengths=PASSWORD_SMS,PASSWORD_WEBAUTHN")));
      assert.match(location, /^\/step-up\?acr=substantial&methods=sms&returnTo=/, "only SMS: the user has no security key");
      assert.equal((await db().select().from(casTickets)).filter((t) => t.userId === person.id).length, 0, "no ticket before the step-up");

      assert.equal((await b.post("/api/session/step-up", { method: "sms" })).status, 200);
      assert.equal((await b.post("/api/sign-in/second-factor", { answer: { code: await latestSmsCode(db(), number) } })).status, 200);
      const ticket = ticketOf(locationOf(await b.get(returnToOf(location))), service);
      const attributes = (await validate(b, ticket, service)).authenticationSuccess.attributes;
      assert.deepEqual(attributes.strengths, ["PASSWORD", "PASSWORD_SMS"]);
      assert.deepEqual([...attributes.amr].sort(), ["mfa", "pwd", "sms"]);
    });

    test("met: a ticket at once, whose strengths are those the sign-in proved", async () => {
      const service = await registeredService(db());
      const { b } = await withPhone();
      const ticket = await ticketFor(b, service, "&acceptStrengths=PASSWORD,PASSWORD_SMS");
      assert.deepEqual((await validate(b, ticket, service)).authenticationSuccess.attributes.strengths, ["PASSWORD"]);
    });

    test("strengths no method of the user's proves: a page naming the methods that would", async () => {
      const service = await registeredService(db());
      const { b } = await withPhone();
      const missing = await b.get(loginUrl(service, "&acceptStrengths=PASSWORD_SOFTWARE_TOKEN"));
      assert.equal(missing.status, 403);
      assert.match(missing.body, /“Authenticator app code” or “Recovery code”/);
      const app = await b.get(loginUrl(service, "&acceptStrengths=MOBILE_APP"));
      assert.equal(app.status, 403);
      assert.match(app.body, /“Mobile App PIN Code”/);
    });

    test("an unknown strength or level is a clear 400 page, before anything else happens", async () => {
      const service = await registeredService(db());
      for (const [extra, message] of [
        ["&acceptStrengths=PASSWORD,NINJA", /Unknown strength “NINJA” in acceptStrengths: use PASSWORD, PASSWORD_SMS/],
        ["&authenticationLevel=TOP", /Unknown authenticationLevel “TOP”: use BASIC, MEDIUM or HIGH/],
        ["&acceptStrengths=", /acceptStrengths names no strength/],
      ] as const) {
        const reply = await browser().get(loginUrl(service, extra));
        assert.equal(reply.status, 400, extra);
        assert.match(String(reply.headers["content-type"]), /^text\/html/);
        assert.match(reply.body, message);
      }
      const tooLong = await browser().get(loginUrl(`${service}${"x".repeat(2100)}`));
      assert.equal(tooLong.status, 400);
      assert.match(String(tooLong.headers["content-type"]), /^text\/html/, "a page, not problem+json: a person reads it");
      assert.match(tooLong.body, /made a request that OpenCPMS Login cannot accept/);
    });
  });
});
