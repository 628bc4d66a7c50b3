/*
 * What time does to signing in to a service: identity found when it comes up
 * (discovery is lazy and retried), sessions that end when idle or too old,
 * and housekeeping of what has expired.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as cpms from "../../cpms/pg-schema.ts";
import type { System } from "../../system.ts";
import { randomToken, sha256 } from "../crypto.ts";
import { FetchBrowser } from "../testing/fetch-browser.ts";
import { freePort, startTestSystem } from "../testing/test-system.ts";
import { purgeExpiredLogins } from "./oidc-sign-in-logins.ts";
import { purgeExpiredRpSessions } from "./oidc-sign-in-sessions.ts";
import { addPerson, signedInAtIdentity, signInTo } from "./oidc-sign-in-testing.ts";

describe("identity starting after cpms", () => {
  test("the first Login says sign-in is not available; once identity answers, the next one goes there", async () => {
    const identityPort = await freePort();
    const identityUrl = `http://localhost:${identityPort}`;
    const secret = randomToken();
    const alone = await startTestSystem({ SERVICES: "cpms", IDENTITY_URL: identityUrl, CPMS_CLIENT_SECRET: secret }, { listen: true });
    let identity: System | undefined;
    try {
      const browser = new FetchBrowser();
      const unavailable = await browser.fetch(`${alone.config.urls.cpms}/auth/login?returnTo=%2Fpanels`);
      assert.equal(unavailable.status, 503);
      assert.match(unavailable.body, /Sign-in is not available right now/);
      assert.match(unavailable.body, /href="\/auth\/login\?returnTo=%2Fpanels">Try again</);

      identity = await startTestSystem(
        { SERVICES: "identity", IDENTITY_PORT: String(identityPort), IDENTITY_URL: identityUrl, CPMS_URL: alone.config.urls.cpms, CPMS_CLIENT_SECRET: secret },
        { listen: true },
      );
      const again = await browser.fetch(`${alone.config.urls.cpms}/auth/login?returnTo=%2Fpanels`);
      assert.equal(again.status, 303);
      assert.ok(again.location?.startsWith(`${identityUrl}/oidc/auth?`), String(again.location));
    } finally {
      await identity?.close();
      await alone.close();
    }
  });
});

describe("lifetimes", () => {
  let system: System;
  before(async () => {
    system = await startTestSystem({ SESSION_IDLE_MINUTES: "30", SESSION_MAX_HOURS: "8" }, { listen: true });
    await addPerson(system);
  });
  after(() => system.close());

  const signedInToCpms = async () => {
    const browser = await signedInAtIdentity(system, "substantial");
    await signInTo(browser, system.config.urls.cpms);
    return { browser, tokenHash: sha256(browser.cookies.get("cpms_session") as string) };
  };
  const whoIsSignedIn = async (browser: FetchBrowser) => (await browser.api(system.config.urls.cpms, "/api/session")).body.user;

  test("a session ends at SESSION_MAX_HOURS after the sign-in at identity, and after SESSION_IDLE_MINUTES unused", async () => {
    const { db } = system.database;
    const { browser, tokenHash } = await signedInToCpms();
    const [row] = await db.select().from(cpms.rpSessions).where(eq(cpms.rpSessions.tokenHash, tokenHash));
    assert.equal(row.expiresAt.getTime(), (row.authTime as Date).getTime() + 8 * 3_600_000);
    assert.ok(await whoIsSignedIn(browser));

    await db
      .update(cpms.rpSessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(cpms.rpSessions.tokenHash, tokenHash));
    assert.equal(await whoIsSignedIn(browser), null, "idle for too long");

    const other = await signedInToCpms();
    await db
      .update(cpms.rpSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(cpms.rpSessions.tokenHash, other.tokenHash));
    assert.equal(await whoIsSignedIn(other.browser), null, "too old");
  });

  test("housekeeping removes expired sign-ins and ended sessions, and keeps the others", async () => {
    const { db } = system.database;
    const live = await signedInToCpms();
    const idle = await signedInToCpms();
    await db
      .update(cpms.rpSessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(cpms.rpSessions.tokenHash, idle.tokenHash));
    const pending = new FetchBrowser();
    await pending.fetch(`${system.config.urls.cpms}/auth/login`);
    await pending.fetch(`${system.config.urls.cpms}/auth/login`);
    const logins = await db.select().from(cpms.rpLogins);
    await db
      .update(cpms.rpLogins)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(cpms.rpLogins.keyHash, logins[0].keyHash));

    await purgeExpiredLogins(db, cpms.rpLogins);
    await purgeExpiredRpSessions(db, cpms.rpSessions, system.config);
    const sessionsLeft = (await db.select().from(cpms.rpSessions)).map((row) => row.tokenHash);
    assert.ok(sessionsLeft.includes(live.tokenHash), "a live session stays");
    assert.ok(!sessionsLeft.includes(idle.tokenHash), "an idle one is gone");
    const loginsLeft = (await db.select().from(cpms.rpLogins)).map((row) => row.keyHash);
    assert.ok(!loginsLeft.includes(logins[0].keyHash), "the expired sign-in is gone");
    assert.ok(loginsLeft.includes(logins[1].keyHash), "the one under way stays");
  });
});
