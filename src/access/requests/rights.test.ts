/*
 * The requester's rights: the list, withdrawing a request, asking for a
 * granted right's deletion, its history, /api/me; someone else's right is
 * "Not found or no access" whatever the route. One test signs in through
 * identity over real HTTP, as a browser does.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { addPerson, PERSON, signedInAtIdentity, signInTo } from "../../platform/http/oidc-sign-in-testing.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { approvers } from "../approvals/tables.ts";
import { seedAccessCatalog } from "../catalog/seed.ts";
import { auditEvents } from "../pg-schema.ts";
import { rights } from "./tables.ts";
import { accessUser, profileId, providerId, startAccessTestSystem, submit } from "./testing.ts";

let system: System;
before(async () => {
  system = await startAccessTestSystem();
});
after(() => system.close());

/** Grants a right directly, as an approver would have. */
const grant = (id: string) => system.database.db.update(rights).set({ status: "granted" }).where(eq(rights.id, id));

describe("A requester's rights", () => {
  test("the list holds the user's own rights only, newest first", async () => {
    const ana = await accessUser(system, "Ana", "Lister");
    const ben = await accessUser(system, "Ben", "Other");
    await submit(system, ana, ["EURACAN", "FR", "FR01"], ["HP"]);
    await submit(system, ana, ["EURACAN", "FR", "FR36"], ["Researcher"]);
    await submit(system, ben, ["EURACAN", "FR", "FR01"], ["HP"]);
    const answer = await ana.get("/api/rights");
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.rights.map((r: { profile: { name: string }; organisation: { providerCode: string } }) => `${r.profile.name}@${r.organisation.providerCode}`),
      ["Researcher@FR36", "HP@FR01"],
    );
    assert.ok(answer.body.rights.every((r: { requester: { sub: string } }) => r.requester.sub === ana.sub));
  });

  test("a pending request is withdrawn once, with its history and audit; then it can be requested again", async () => {
    const user = await accessUser(system, "Wanda", "Withdraw");
    const [right] = (await submit(system, user, ["EURACAN", "DE", "DE01"], ["HP"])).body.rights;
    const answer = await user.post(`/api/rights/${right.id}/withdraw`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.right.status, "withdrawn");
    assert.match(answer.body.message, /HP at DE01 - Charité – Universitätsmedizin Berlin is withdrawn/);
    const again = await user.post(`/api/rights/${right.id}/withdraw`);
    assert.equal(again.status, 409);
    assert.match(again.body.detail, /This one is withdrawn\./);
    const history = await user.get(`/api/rights/${right.id}/history`);
    assert.deepEqual(
      history.body.events.map((e: { action: string; toStatus: string; actorName: string }) => [e.action, e.toStatus, e.actorName]),
      [
        ["Request submitted", "requested", "Wanda Withdraw"],
        ["Request withdrawn", "withdrawn", "Wanda Withdraw"],
      ],
    );
    const audited = await system.database.db.select().from(auditEvents).where(eq(auditEvents.type, "access.request_withdrawn"));
    assert.ok(audited.some((event) => (event.details as { rightId: string }).rightId === right.id && event.actorId === user.sub));
    assert.equal((await submit(system, user, ["EURACAN", "DE", "DE01"], ["HP"])).status, 201);
  });

  test("deletion is asked for a granted right only: it becomes “deletion requested” with the reason", async () => {
    const user = await accessUser(system, "Dora", "Delete");
    const [right] = (await submit(system, user, ["EURACAN", "IT", "IT01"], ["Dispatcher"])).body.rights;
    const early = await user.post(`/api/rights/${right.id}/deletion`, {});
    assert.equal(early.status, 409);
    assert.match(early.body.detail, /Only an access profile you hold can be removed\. This one is requested\./);
    await grant(right.id);
    const answer = await user.post(`/api/rights/${right.id}/deletion`, { reason: "I changed hospital." });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.right.status, "deletion_requested");
    assert.match(answer.body.message, /You keep it until an approver decides/);
    const history = await user.get(`/api/rights/${right.id}/history`);
    const last = history.body.events.at(-1);
    assert.deepEqual(
      [last.action, last.fromStatus, last.toStatus, last.reason],
      ["Deletion requested", "granted", "deletion_requested", "I changed hospital."],
    );
    const tooLong = await user.post(`/api/rights/${right.id}/deletion`, { reason: "x".repeat(1001) });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.errors[0].field, "reason");
  });

  test("another user's right is “Not found or no access” on every route, and stays as it was", async () => {
    const owner = await accessUser(system, "Olga", "Owner");
    const other = await accessUser(system, "Igor", "Intruder");
    const [pending] = (await submit(system, owner, ["EURACAN", "FR", "FR12"], ["HP"])).body.rights;
    const [held] = (await submit(system, owner, ["EURACAN", "FR", "FR12"], ["Researcher"])).body.rights;
    await grant(held.id);
    for (const [path, body] of [
      [`/api/rights/${pending.id}/withdraw`, undefined],
      [`/api/rights/${held.id}/deletion`, {}],
    ] as const) {
      const answer = await other.post(path, body);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.body.detail, "Not found or no access.");
    }
    const history = await other.get(`/api/rights/${pending.id}/history`);
    assert.equal(history.status, 404);
    assert.equal(history.body.detail, "Not found or no access.");
    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      assert.equal((await owner.get(`/api/rights/${id}/history`)).status, 404);
      assert.equal((await owner.post(`/api/rights/${id}/withdraw`)).status, 404);
    }
    const rows = await system.database.db.select().from(rights).where(eq(rights.sub, owner.sub));
    assert.deepEqual(rows.map((row) => row.status).sort(), ["granted", "requested"]);
  });

  test("/api/me names the user, and their approver scope when they have one", async () => {
    const plain = await accessUser(system, "Paul", "Plain");
    const me = await plain.get("/api/me");
    assert.equal(me.status, 200);
    assert.equal(me.body.user.sub, plain.sub);
    assert.equal(me.body.user.name, "Paul Plain");
    assert.equal(me.body.approver, null);

    const coordinator = await accessUser(system, "Cleo", "Coordinator");
    await system.database.db.insert(approvers).values({ email: coordinator.email.toUpperCase(), name: "Cleo", ernCode: "ERKNet", role: "helpdesk" });
    const [coordination] = (await submit(system, coordinator, ["EURACAN", "FR", "FR01"], ["Coordinator"])).body.rights;
    await grant(coordination.id);
    const scoped = await coordinator.get("/api/me");
    assert.deepEqual(scoped.body.approver, {
      global: false,
      erns: [
        { code: "ERKNet", name: "Kidney Diseases", role: "helpdesk" },
        { code: "EURACAN", name: "Adult Cancers", role: "coordinator" },
      ],
    });
  });
});

describe("Through the real sign-in", () => {
  let live: System;
  before(async () => {
    live = await startTestSystem({}, { listen: true });
    await seedAccessCatalog(live.database.db, { demoProviders: true });
  });
  after(() => live.close());

  test("a user signed in to access through identity submits a request and sees it in their rights", async () => {
    await addPerson(live);
    const browser = await signedInAtIdentity(live);
    const access = live.config.urls.access;
    await signInTo(browser, access);
    const me = await browser.api(access, "/api/me");
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, PERSON.email);
    const hp = await profileId(live, "HP");
    const guest = await providerId(live, "EURACAN", "PT", "0000");
    const answer = await browser.api(access, "/api/requests", {
      applicationId: "CPMS",
      organisation: { kind: "provider", id: guest },
      profileIds: [hp],
      comment: "",
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.rights[0].requester.name, `${PERSON.firstName} ${PERSON.lastName}`);
    const mine = await browser.api(access, "/api/rights");
    assert.deepEqual(
      mine.body.rights.map((r: { organisation: { label: string }; status: string }) => [r.organisation.label, r.status]),
      [["0000 - Guest Access", "requested"]],
    );
  });
});
