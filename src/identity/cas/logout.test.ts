/* /cas/logout: the identity session ends; the browser goes to `service` only if it is registered. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { auditEvents } from "../pg-schema.ts";
import { loginUrl, newPerson, registeredService, signInWithPassword } from "./testing.ts";

describe("/cas/logout", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem();
  });
  after(() => system.close());
  const signedIn = async () => {
    const person = await newPerson(system);
    const browser = new TestBrowser(system.server("identity"));
    await signInWithPassword(browser, person.email);
    return { person, browser };
  };
  const isSignedIn = async (browser: TestBrowser) => (await browser.get("/api/session")).body.user !== null;

  test("with a registered service: signs out of identity, then goes to the service", async () => {
    const service = await registeredService(system.database.db);
    const { person, browser } = await signedIn();
    const reply = await browser.get(`/cas/logout?service=${encodeURIComponent(service)}`);
    assert.equal(reply.status, 303);
    assert.equal(reply.headers.location, service);
    assert.equal(await isSignedIn(browser), false);
    assert.match(String((await browser.get(loginUrl(service))).headers.location), /^\/login\?/, "single sign-on is over");
    const [event] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "sign_out"), eq(auditEvents.actorId, person.id)));
    assert.ok(event, "the sign-out is audited");
  });

  test("with an unregistered or look-alike service: signs out and shows a page, never a redirect", async () => {
    const service = await registeredService(system.database.db);
    const host = new URL(service).host;
    for (const other of ["https://evil.example/", `https://${host}@evil.example/`, `https://${host}.evil.example/`, "//evil.example/", "javascript:alert(1)"]) {
      const { browser } = await signedIn();
      const reply = await browser.get(`/cas/logout?service=${encodeURIComponent(other)}`);
      assert.equal(reply.status, 200, other);
      assert.equal(reply.headers.location, undefined, other);
      assert.match(reply.body, /You have signed out/);
      assert.match(reply.body, /not registered with OpenCPMS Login, so you have not been sent back to it/);
      assert.equal(await isSignedIn(browser), false, other);
    }
  });

  test("without service: signs out and shows the signed-out page", async () => {
    const { browser } = await signedIn();
    const reply = await browser.get("/cas/logout");
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers["content-type"]), /^text\/html/);
    assert.match(reply.body, /You have signed out of OpenCPMS Login/);
    assert.doesNotMatch(reply.body, /not registered/);
    assert.equal(await isSignedIn(browser), false);
  });
});
