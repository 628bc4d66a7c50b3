/*
 * Validating service tickets as a service does: the three protocol
 * versions, XML and JSON, and every way a ticket is refused.
 */
import assert from "node:assert/strict";
import { after, before, describe, mock, test } from "node:test";
import { and, eq, inArray } from "drizzle-orm";
import { sha256 } from "../../platform/crypto.ts";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { sessions } from "../accounts/tables.ts";
import { auditEvents } from "../pg-schema.ts";
import { removeExpiredCasTickets } from "./housekeeping.ts";
import { findCasService, removeCasService } from "./services.ts";
import { casTickets } from "./tables.ts";
import { TICKET_SECONDS } from "./tickets.ts";
import { newPerson, registeredService, signInWithPassword, ticketFor, validateUrl } from "./testing.ts";

describe("Validating service tickets", () => {
  let system: System;
  let person: { id: string; email: string; lastName: string };
  let user: TestBrowser;
  let service: string;
  /** The service's own HTTP client: no cookies, another address. */
  let server: TestBrowser;
  before(async () => {
    system = await startTestSystem();
    person = await newPerson(system);
    user = new TestBrowser(system.server("identity"));
    await signInWithPassword(user, person.email);
    service = await registeredService(system.database.db);
    server = new TestBrowser(system.server("identity"));
  });
  after(() => system.close());
  const db = () => system.database.db;
  const ticket = () => ticketFor(user, service);
  const p3 = (t: string, s = service, extra = "") => server.get(validateUrl("/cas/p3/serviceValidate", t, s, extra));
  const failureCode = (reply: { body: string }) => reply.body.match(/<cas:authenticationFailure code="([A-Z_]+)">/)?.[1];

  test("/cas/p3/serviceValidate answers the user and the attributes in XML", async () => {
    const reply = await p3(await ticket());
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers["content-type"]), /^application\/xml/);
    assert.equal(reply.headers["cache-control"], "no-store");
    const xml: string = reply.body;
    assert.match(xml, /^<cas:serviceResponse xmlns:cas="http:\/\/www\.yale\.edu\/tp\/cas">/);
    assert.match(xml, new RegExp(`<cas:authenticationSuccess>\\s*<cas:user>${person.id}</cas:user>`));
    const [session] = await db()
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, sha256(user.cookies.get("identity_session") as string)));
    for (const [name, value] of [
      ["email", person.email],
      ["firstName", "Marta"],
      ["lastName", person.lastName],
      ["displayName", `Marta ${person.lastName}`],
      ["authenticationLevel", "BASIC"],
      ["assuranceLevel", "low"],
      ["amr", "pwd"],
      ["strengths", "PASSWORD"],
      ["authenticationDate", session.authTime.toISOString()],
      ["isFromNewLogin", "false"],
    ]) {
      assert.match(xml, new RegExp(`<cas:attributes>[\\s\\S]*<cas:${name}>${value}</cas:${name}>[\\s\\S]*</cas:attributes>`), name);
    }
  });

  test("with format=JSON the same answer in JSON, multi-valued attributes as arrays", async () => {
    const reply = await p3(await ticket(), service, "&format=JSON");
    assert.match(String(reply.headers["content-type"]), /^application\/json/);
    const success = reply.body.serviceResponse.authenticationSuccess;
    assert.equal(success.user, person.id);
    assert.deepEqual(success.attributes, {
      email: person.email,
      firstName: "Marta",
      lastName: person.lastName,
      displayName: `Marta ${person.lastName}`,
      authenticationLevel: "BASIC",
      assuranceLevel: "low",
      amr: ["pwd"],
      strengths: ["PASSWORD"],
      authenticationDate: success.attributes.authenticationDate,
      isFromNewLogin: false,
    });
    assert.ok(!Number.isNaN(Date.parse(success.attributes.authenticationDate)));
  });

  test("/cas/serviceValidate (CAS 2.0) answers the same, attributes included; /cas/validate (CAS 1.0) answers yes and the user", async () => {
    const v2 = await server.get(validateUrl("/cas/serviceValidate", await ticket(), service));
    assert.match(v2.body, new RegExp(`<cas:user>${person.id}</cas:user>`));
    assert.match(v2.body, /<cas:strengths>PASSWORD<\/cas:strengths>/);
    const v1 = await server.get(validateUrl("/cas/validate", await ticket(), service));
    assert.match(String(v1.headers["content-type"]), /^text\/plain/);
    assert.equal(v1.body, `yes\n${person.id}\n`);
    const refused = await server.get(validateUrl("/cas/validate", "ST-not-a-ticket-of-ours", service));
    assert.equal(refused.body, "no\n\n");
  });

  test("a ticket is single-use: validated a second time it is INVALID_TICKET", async () => {
    const t = await ticket();
    assert.match((await p3(t)).body, /authenticationSuccess/);
    const again = await p3(t);
    assert.equal(failureCode(again), "INVALID_TICKET");
    assert.ok(!again.body.includes(t), "the failure does not echo the ticket");
  });

  test("a ticket for service A is INVALID_SERVICE for service B, and that attempt uses it up", async () => {
    const t = await ticket();
    const other = await registeredService(db());
    assert.equal(failureCode(await p3(t, other)), "INVALID_SERVICE");
    assert.equal(failureCode(await p3(t)), "INVALID_TICKET", "gone after the first attempt");
    const sameHostOtherQuery = await ticket();
    assert.equal(failureCode(await p3(sameHostOtherQuery, `${service}&x=1`)), "INVALID_SERVICE", "bound to the exact URL");
  });

  test("a tampered ticket is INVALID_TICKET, a value that is no service ticket INVALID_TICKET_SPEC, a missing parameter INVALID_REQUEST", async () => {
    const t = await ticket();
    const tampered = `${t.slice(0, -1)}${t.endsWith("A") ? "B" : "A"}`;
    assert.equal(failureCode(await p3(tampered)), "INVALID_TICKET");
    assert.equal(failureCode(await p3("PT-12345")), "INVALID_TICKET_SPEC");
    assert.equal(failureCode(await server.get(`/cas/p3/serviceValidate?ticket=${t}`)), "INVALID_REQUEST");
    assert.equal(failureCode(await server.get(`/cas/p3/serviceValidate?service=${encodeURIComponent(service)}`)), "INVALID_REQUEST");
    assert.equal(failureCode(await p3(t)), "INVALID_TICKET", "a request without service used the ticket up too");
  });

  test(`a ticket lives ${TICKET_SECONDS} seconds`, async () => {
    const [early, late] = [await ticket(), await ticket()];
    const issuedAt = Date.now();
    mock.timers.enable({ apis: ["Date"], now: issuedAt + (TICKET_SECONDS - 2) * 1000 });
    try {
      assert.match((await p3(early)).body, /authenticationSuccess/);
      mock.timers.tick(4000);
      const expired = await p3(late);
      assert.equal(failureCode(expired), "INVALID_TICKET");
      assert.match(expired.body, /has expired/);
    } finally {
      mock.timers.reset();
    }
  });

  test("housekeeping removes the tickets whose time has passed, and only those", async () => {
    const old = sha256(await ticket());
    const fresh = await ticket();
    await db()
      .update(casTickets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(casTickets.ticketHash, old));
    await removeExpiredCasTickets(db());
    const left = (await db().select().from(casTickets)).map((row) => row.ticketHash);
    assert.ok(!left.includes(old));
    assert.ok(left.includes(sha256(fresh)));
    assert.ok(
      left.every((hash) => /^[0-9a-f]{64}$/.test(hash)),
      "kept as SHA-256 only",
    );
  });

  test("a service removed after its ticket was issued: INVALID_SERVICE", async () => {
    const gone = await registeredService(db());
    const t = await ticketFor(user, gone);
    const registered = await findCasService(db(), gone);
    assert.ok(registered && (await removeCasService(db(), registered.id)));
    assert.equal(failureCode(await p3(t, gone)), "INVALID_SERVICE");
  });

  test("a request that is not a validation gets INVALID_REQUEST in the protocol's form and leaves the ticket usable", async () => {
    const t = await ticket();
    const yaml = await p3(t, service, "&format=YAML");
    assert.equal(failureCode(yaml), "INVALID_REQUEST");
    const tooLong = await server.get(validateUrl("/cas/p3/serviceValidate", t, `${service}${"x".repeat(2100)}`, "&format=JSON"));
    assert.equal(tooLong.status, 200);
    assert.equal(tooLong.body.serviceResponse.authenticationFailure.code, "INVALID_REQUEST");
    assert.match((await p3(t)).body, /authenticationSuccess/);
  });

  test("issuing and validating are audited with the service's address, never the ticket", async () => {
    const t = await ticket();
    await p3(t);
    await p3(t);
    const events = await db()
      .select()
      .from(auditEvents)
      .where(and(inArray(auditEvents.type, ["cas.ticket_issued", "cas.ticket_validated", "cas.ticket_refused"])));
    const types = new Set(events.map((event) => event.type));
    assert.deepEqual(types, new Set(["cas.ticket_issued", "cas.ticket_validated", "cas.ticket_refused"]));
    const validated = events.filter((event) => event.type === "cas.ticket_validated");
    assert.ok(validated.every((event) => event.actorId === person.id));
    assert.ok(events.some((event) => event.type === "cas.ticket_refused" && event.details.code === "INVALID_TICKET"));
    const everything = JSON.stringify(events);
    assert.ok(!everything.includes(t.slice(3)), "no ticket in the audit log");
    assert.ok(!everything.includes("next=%2Fpatients"), "no query string of the service in the audit log");
  });

  test("signing out drops the tickets the session was given and not yet validated", async () => {
    const b = new TestBrowser(system.server("identity"));
    await signInWithPassword(b, person.email);
    const t = await ticketFor(b, service);
    await b.post("/api/sign-out");
    assert.equal(failureCode(await p3(t)), "INVALID_TICKET");
  });
});
