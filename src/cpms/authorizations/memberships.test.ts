/*
 * cpms's gate: who gets in, as what, read from the authorisation system over
 * its real HTTP API with cpms's real service token from identity.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents as accessAudit } from "../../access/pg-schema.ts";
import { rights } from "../../access/requests/tables.ts";
import { openRpSession } from "../../platform/http/oidc-sign-in-sessions.ts";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import type { System } from "../../system.ts";
import { cpmsSignIn } from "../pg-schema.ts";
import { providersOf, searchMembers } from "./directory.ts";
import { members, memberships } from "./tables.ts";
import { ageMemberships, cpmsUser, grant, startCpmsTestSystem } from "./testing.ts";

let system: System;

before(async () => {
  system = await startCpmsTestSystem();
});
after(async () => {
  await system?.close();
});

async function readsOf(sub: string): Promise<number> {
  const [row] = await system.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(accessAudit)
    .where(and(eq(accessAudit.type, "api.authorizations_read"), sql`${accessAudit.details}->>'sub' = ${sub}`));
  return row.n;
}

describe("the gate", () => {
  test("signed out: /api/dashboard is 401 and /api/me is 401", async () => {
    const browser = new TestBrowser(system.server("cpms"));
    assert.equal((await browser.get("/api/dashboard")).status, 401);
    const me = await browser.get("/api/me");
    assert.equal(me.status, 401);
    assert.equal(me.body.detail, "Please log in to CPMS first.");
  });

  test("a signed-in user without a granted CPMS right is refused with no_cpms_rights and the authorisation system's address", async () => {
    const user = await cpmsUser(system, "Nadia", "Without");
    // A pending request is not a right.
    await grant(system, user.sub, "HP", ["EURACAN", "FR", "FR01"], "requested");
    const answer = await user.browser.get("/api/dashboard");
    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, "no_cpms_rights");
    assert.equal(answer.body.accessUrl, `${system.config.urls.access}/`);
    assert.match(answer.body.detail, /CPMS is for authorised ERN members/);
    const me = await user.browser.get("/api/me");
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.memberships, []);
    assert.equal(me.body.user.name, "Nadia Without");
  });

  test("a granted HP right lets the user in, with the membership as access describes it, read over the API with cpms's service token", async () => {
    const user = await cpmsUser(system, "Camille", "Granted");
    await grant(system, user.sub, "HP", ["EURACAN", "FR", "FR01"]);
    await grant(system, user.sub, "Researcher", ["EURACAN", "FR", "FR01"], "rejected");
    const me = await user.browser.get("/api/me");
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body.memberships.length, 1);
    const [membership] = me.body.memberships;
    assert.equal(membership.profile, "HP");
    assert.equal(membership.ernCode, "EURACAN");
    assert.equal(membership.ernName, "Adult Cancers");
    assert.equal(membership.countryCode, "FR");
    assert.equal(membership.providerCode, "FR01");
    assert.match(membership.providerName, /Pitié-Salpêtrière/);
    assert.deepEqual(me.body.erns, [{ code: "EURACAN", name: "Adult Cancers", preferencesSet: false }]);
    // access audited the read under cpms's client, as an API client of CPMS.
    const [read] = await system.database.db
      .select()
      .from(accessAudit)
      .where(and(eq(accessAudit.type, "api.authorizations_read"), sql`${accessAudit.details}->>'sub' = ${user.sub}`));
    assert.equal((read.details as { clientId: string }).clientId, system.config.relyingParties.cpms.clientId);
    // cpms keeps the user in its directory, with the name and e-mail of the session.
    const [member] = await system.database.db.select().from(members).where(eq(members.sub, user.sub));
    assert.equal(member.email, user.email);
    assert.ok(member.fetchedAt);
  });

  test("a stored copy younger than a few minutes is used without asking access; an older one is read again", async () => {
    const user = await cpmsUser(system, "Jonas", "Fresh");
    await grant(system, user.sub, "HP", ["EURACAN", "DE", "DE01"]);
    assert.equal((await user.browser.get("/api/dashboard")).status, 200);
    assert.equal((await user.browser.get("/api/dashboard")).status, 200);
    assert.equal(await readsOf(user.sub), 1);
    // A right granted meanwhile shows once the copy is older than the refresh interval.
    await grant(system, user.sub, "Coordinator", ["EURACAN", "DE", "DE01"]);
    await ageMemberships(system, user.sub, 4);
    const dashboard = await user.browser.get("/api/dashboard");
    assert.equal(await readsOf(user.sub), 2);
    assert.deepEqual(
      dashboard.body.erns[0].roles.map((role: { profile: string }) => role.profile),
      ["Coordinator", "HP"],
    );
    assert.equal(dashboard.body.erns[0].isCoordinator, true);
  });

  test("a new sign-in reads the rights again at once, however fresh the stored copy", async () => {
    const user = await cpmsUser(system, "Marta", "Again");
    await grant(system, user.sub, "Dispatcher", ["EURACAN", "PL", "0000"]);
    assert.equal((await user.browser.get("/api/me")).status, 200);
    assert.equal(await readsOf(user.sub), 1);
    await grant(system, user.sub, "HP", ["EURACAN", "PL", "0000"]);
    const token = await openRpSession(system.database.db, cpmsSignIn.rpSessions, system.config, {
      sub: user.sub,
      sid: null,
      email: user.email,
      name: user.name,
      acr: "substantial",
      amr: ["pwd", "sms"],
      authTime: new Date(Date.now() + 1000),
      idToken: "test",
    });
    const later = new TestBrowser(system.server("cpms"));
    later.cookies.set("cpms_session", token);
    const me = await later.get("/api/me");
    assert.equal(await readsOf(user.sub), 2);
    assert.deepEqual(
      me.body.memberships.map((membership: { profile: string }) => membership.profile),
      ["Dispatcher", "HP"],
    );
  });

  test("a right revoked in access closes CPMS at the next refresh", async () => {
    const user = await cpmsUser(system, "Pieter", "Revoked");
    const held = await grant(system, user.sub, "HP", ["EURACAN", "NL", "0000"]);
    assert.equal((await user.browser.get("/api/dashboard")).status, 200);
    await system.database.db.update(rights).set({ status: "revoked", updatedAt: new Date() }).where(eq(rights.id, held.id));
    await ageMemberships(system, user.sub, 4);
    const answer = await user.browser.get("/api/dashboard");
    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, "no_cpms_rights");
    assert.equal((await system.database.db.select().from(memberships).where(eq(memberships.sub, user.sub))).length, 0);
  });
});

describe("the directory", () => {
  test("searchMembers finds members by name or e-mail, within an ERN; providersOf lists the providers where members hold rights", async () => {
    const a = await cpmsUser(system, "Ingrid", "Directory");
    const b = await cpmsUser(system, "Ingmar", "Directory");
    await grant(system, a.sub, "HP", ["EURACAN", "FR", "FR36"]);
    await grant(system, b.sub, "HP", ["ReCONNET", "IT", "IT08"]);
    await a.browser.get("/api/me");
    await b.browser.get("/api/me");
    const both = await searchMembers(system.database.db, { query: "ing directory" });
    assert.deepEqual(
      both.map((member) => member.name),
      ["Ingmar Directory", "Ingrid Directory"],
    );
    const euracan = await searchMembers(system.database.db, { query: "directory", ernCode: "EURACAN" });
    assert.deepEqual(
      euracan.map((member) => member.sub),
      [a.sub],
    );
    assert.equal(euracan[0].memberships[0].providerCode, "FR36");
    assert.deepEqual(await searchMembers(system.database.db, { query: "%" }), []);
    const providers = await providersOf(system.database.db, "ReCONNET");
    assert.ok(providers.some((provider) => provider.providerCode === "IT08" && provider.countryCode === "IT"));
    assert.ok(providers.every((provider) => provider.ernCode === "ReCONNET"));
  });
});

describe("when the authorisation system cannot be reached", () => {
  test("a copy from the last hour serves; an older one gives a clear 503", async () => {
    const user = await cpmsUser(system, "Lena", "Offline");
    const stranger = await cpmsUser(system, "Never", "Fetched");
    await grant(system, user.sub, "HP", ["EURACAN", "SI", "0000"]);
    assert.equal((await user.browser.get("/api/dashboard")).status, 200);
    await system.server("access").close();

    await ageMemberships(system, user.sub, 30);
    const cached = await user.browser.get("/api/dashboard");
    assert.equal(cached.status, 200);
    assert.equal(cached.body.erns[0].code, "EURACAN");

    await ageMemberships(system, user.sub, 61);
    const stale = await user.browser.get("/api/dashboard");
    assert.equal(stale.status, 503);
    assert.equal(stale.body.detail, "CPMS cannot reach the authorisation system to check your rights. Please try again in a few minutes.");
    assert.equal((await stranger.browser.get("/api/me")).status, 503);
  });
});
