/*
 * Approvers' decisions over HTTP: who sees and decides which request, what
 * a decision writes (right, history, audit, the requester's mail), and the
 * refusals that leave every right as it was.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, inArray } from "drizzle-orm";
import type { System } from "../../system.ts";
import { apiClients, webhookDeliveries } from "../api/tables.ts";
import { auditEvents } from "../pg-schema.ts";
import { rights } from "../requests/tables.ts";
import { type AccessUser, accessUser, mailsTo, startAccessTestSystem, submit } from "../requests/testing.ts";
import { approvers } from "./tables.ts";

let system: System;
let euracanCoordinator: AccessUser;
let erknetCoordinator: AccessUser;
let helpdesk: AccessUser;

before(async () => {
  system = await startAccessTestSystem();
  euracanCoordinator = await accessUser(system, "Sofia", "Euracan");
  erknetCoordinator = await accessUser(system, "Karl", "Erknet");
  helpdesk = await accessUser(system, "Help", "Desk");
  await system.database.db.insert(approvers).values([
    { email: euracanCoordinator.email, name: "Sofia Euracan", ernCode: "EURACAN", role: "coordinator" },
    { email: erknetCoordinator.email, name: "Karl Erknet", ernCode: "ERKNet", role: "coordinator" },
    { email: helpdesk.email, name: "Help Desk", ernCode: null, role: "helpdesk" },
  ]);
});
after(() => system.close());

async function request(profile = "HP", at: [string, string, string] = ["EURACAN", "FR", "FR01"]) {
  const requester = await accessUser(system, "Req", "Uester");
  const answer = await submit(system, requester, at, [profile], "Please.");
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return { requester, right: answer.body.rights[0] as { id: string } };
}

const statusOf = async (id: string) => (await system.database.db.select().from(rights).where(eq(rights.id, id)))[0].status;
const queueIds = async (user: AccessUser, query = "") => ((await user.get(`/api/approvals${query}`)).body.rows ?? []).map((row: { id: string }) => row.id);

describe("Approving and rejecting", () => {
  test("EURACAN's coordinator sees the request, approves it: granted, mailed, in its history and the audit", async () => {
    const { requester, right } = await request();
    assert.ok((await queueIds(euracanCoordinator)).includes(right.id));
    const answer = await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [right.id], decision: "approve" });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.decided[0].status, "granted");
    assert.equal(answer.body.decided[0].decidedByName, "Sofia Euracan");
    assert.equal(await statusOf(right.id), "granted");

    const [mail] = await mailsTo(system, requester.email);
    assert.equal(mail.subject, "Your access request for CPMS was approved");
    assert.match(mail.text, /Application: CPMS/);
    assert.match(mail.text, /Organisation: FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière/);
    assert.match(mail.text, /Access profile: HP/);
    assert.match(mail.text, /Decision: approved/);
    assert.ok(mail.text.includes(system.config.urls.access));

    const history = await requester.get(`/api/rights/${right.id}/history`);
    assert.deepEqual(
      history.body.events.map((e: { action: string; toStatus: string; actorName: string }) => [e.action, e.toStatus, e.actorName]),
      [
        ["Request submitted", "requested", "Req Uester"],
        ["Request approved", "granted", "Sofia Euracan"],
      ],
    );
    assert.equal((await euracanCoordinator.get(`/api/rights/${right.id}/history`)).status, 200, "an approver in scope reads the history too");
    const [event] = await system.database.db.select().from(auditEvents).where(eq(auditEvents.type, "access.request_approved"));
    assert.equal(event.actorId, euracanCoordinator.sub);
    assert.equal(event.subjectId, requester.sub);
    assert.ok(!(await queueIds(euracanCoordinator)).includes(right.id), "a decided request leaves the pending queue");
    assert.ok((await queueIds(euracanCoordinator, "?status=granted")).includes(right.id));
  });

  test("another ERN's coordinator neither sees nor decides it, nor reads its history", async () => {
    const { right } = await request();
    assert.ok(!(await queueIds(erknetCoordinator, "?status=all")).includes(right.id));
    const answer = await erknetCoordinator.post("/api/approvals/decisions", { rightIds: [right.id], decision: "approve" });
    assert.equal(answer.status, 404);
    assert.match(answer.body.detail, /^Not found or no access/);
    assert.equal((await erknetCoordinator.get(`/api/rights/${right.id}/history`)).status, 404);
    assert.equal(await statusOf(right.id), "requested");
  });

  test("the global helpdesk sees and decides any ERN's request", async () => {
    const { right } = await request("HP", ["ERKNet", "DE", "DE02"]);
    const other = await request("HP", ["EURACAN", "DE", "DE01"]);
    const seen = await queueIds(helpdesk);
    assert.ok(seen.includes(right.id) && seen.includes(other.right.id));
    assert.ok(!(await queueIds(euracanCoordinator)).includes(right.id));
    const answer = await helpdesk.post("/api/approvals/decisions", { rightIds: [right.id, other.right.id], decision: "approve" });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(await statusOf(right.id), "granted");
  });

  test("a holder of CPMS's Coordinator profile approves their ERN without being named", async () => {
    const holder = await accessUser(system, "Hold", "Coordination");
    const [coordination] = (await submit(system, holder, ["GENTURIS", "FR", "0000"], ["Coordinator"])).body.rights;
    assert.equal((await holder.get("/api/approvals")).status, 403, "not an approver before the grant");
    await helpdesk.post("/api/approvals/decisions", { rightIds: [coordination.id], decision: "approve" });
    const { right } = await request("HP", ["GENTURIS", "FR", "0000"]);
    assert.deepEqual(await queueIds(holder), [right.id]);
    assert.equal((await holder.post("/api/approvals/decisions", { rightIds: [right.id], decision: "approve" })).status, 200);

    // Asking for the Coordinator profile's removal keeps it until an approver decides, and so the approvals.
    assert.equal((await holder.post(`/api/rights/${coordination.id}/deletion`, {})).status, 200);
    const next = await request("Researcher", ["GENTURIS", "FR", "0000"]);
    assert.deepEqual(await queueIds(holder), [next.right.id]);
    assert.equal((await holder.post("/api/approvals/decisions", { rightIds: [next.right.id], decision: "approve" })).status, 200);
    await helpdesk.post("/api/approvals/decisions", { rightIds: [coordination.id], decision: "approve" });
    assert.equal((await holder.get("/api/approvals")).status, 403, "no longer an approver once the removal is approved");
  });

  test("nobody decides their own request, nor sees it in their queue", async () => {
    const [own] = (await submit(system, euracanCoordinator, ["EURACAN", "FR", "FR36"], ["Researcher"])).body.rights;
    assert.ok(!(await queueIds(euracanCoordinator)).includes(own.id));
    const answer = await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [own.id], decision: "approve" });
    assert.equal(answer.status, 403);
    assert.match(answer.body.detail, /cannot decide your own request/);
    assert.equal(await statusOf(own.id), "requested");
  });

  test("bulk decisions are all or nothing", async () => {
    const a = await request("HP", ["EURACAN", "FR", "FR18"]);
    const b = await request("HP", ["EURACAN", "FR", "FR25"]);
    const outside = await request("HP", ["ERKNet", "FR", "FR02"]);
    const refused = await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [a.right.id, b.right.id, outside.right.id], decision: "approve" });
    assert.equal(refused.status, 404);
    assert.match(refused.body.detail, /Nothing was decided\./);
    const rows = await system.database.db
      .select()
      .from(rights)
      .where(inArray(rights.id, [a.right.id, b.right.id]));
    assert.deepEqual(
      rows.map((row) => row.status),
      ["requested", "requested"],
    );
    assert.deepEqual(await mailsTo(system, a.requester.email), []);

    await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [a.right.id], decision: "approve" });
    const stale = await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [b.right.id, a.right.id], decision: "reject", reason: "No." });
    assert.equal(stale.status, 409);
    assert.match(stale.body.detail, /already granted\. Nothing was decided\./);
    assert.equal(await statusOf(b.right.id), "requested");

    const both = await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [b.right.id], decision: "approve" });
    assert.equal(both.status, 200);
    assert.equal(await statusOf(b.right.id), "granted");
  });

  test("a rejection needs a reason, which the requester is mailed", async () => {
    const { requester, right } = await request("Panel Manager ERN");
    for (const reason of [undefined, "   "]) {
      const answer = await euracanCoordinator.post("/api/approvals/decisions", {
        rightIds: [right.id],
        decision: "reject",
        ...(reason === undefined ? {} : { reason }),
      });
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.body.errors, [{ field: "reason", detail: "Give a reason to reject: the requester receives it by mail." }]);
    }
    const tooLong = await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [right.id], decision: "reject", reason: "x".repeat(1001) });
    assert.equal(tooLong.status, 400);
    assert.equal(await statusOf(right.id), "requested");
    const answer = await euracanCoordinator.post("/api/approvals/decisions", {
      rightIds: [right.id],
      decision: "reject",
      reason: "Panel managers are named by the ERN board.",
    });
    assert.equal(answer.status, 200);
    assert.equal(await statusOf(right.id), "rejected");
    const [mail] = await mailsTo(system, requester.email);
    assert.equal(mail.subject, "Your access request for CPMS was rejected");
    assert.match(mail.text, /Reason: Panel managers are named by the ERN board\./);
  });

  test("a deletion request approved revokes the right; rejected, the right stays granted", async () => {
    for (const [decision, expected, subject] of [
      ["approve", "revoked", "Your request to remove your CPMS access was approved"],
      ["reject", "granted", "Your request to remove your CPMS access was rejected"],
    ] as const) {
      const { requester, right } = await request("HP", ["EURACAN", "NL", "NL08"]);
      await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [right.id], decision: "approve" });
      assert.equal((await requester.post(`/api/rights/${right.id}/deletion`, {})).status, 200);
      const queue = await euracanCoordinator.get("/api/approvals?status=deletion_requested");
      assert.ok(queue.body.rows.some((row: { id: string }) => row.id === right.id));
      const answer = await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [right.id], decision, reason: "Checked." });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(await statusOf(right.id), expected);
      const mails = await mailsTo(system, requester.email);
      assert.ok(mails.some((mail) => mail.subject === subject));
      const history = await requester.get(`/api/rights/${right.id}/history`);
      assert.equal(history.body.events.at(-1).toStatus, expected);
    }
  });

  test("a user who approves nothing has no queue and decides nothing", async () => {
    const { right } = await request();
    const nobody = await accessUser(system, "No", "Body");
    const queue = await nobody.get("/api/approvals");
    assert.equal(queue.status, 403);
    assert.match(queue.body.detail, /Only the coordinators and helpdesks/);
    const answer = await nobody.post("/api/approvals/decisions", { rightIds: [right.id], decision: "approve" });
    assert.equal(answer.status, 404);
    assert.equal(await statusOf(right.id), "requested");
  });

  test("every status change of a right is told to the applications subscribed to it, in order", async () => {
    await system.database.db.insert(apiClients).values({
      clientId: "decisions-test-app",
      name: "Registry",
      applications: ["CPMS"],
      webhookUrl: "https://registry.example/hook",
      webhookSecret: "sealed",
    });
    const { requester, right } = await request("HP", ["EURACAN", "BE", "BE06"]);
    await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [right.id], decision: "approve" });
    await requester.post(`/api/rights/${right.id}/deletion`, {});
    await euracanCoordinator.post("/api/approvals/decisions", { rightIds: [right.id], decision: "approve" });
    const deliveries = await system.database.db.select().from(webhookDeliveries).orderBy(webhookDeliveries.id);
    const changes = deliveries
      .map((delivery) => (delivery.payload as { data: { rightId: string; previousStatus: string | null; status: string } }).data)
      .filter((data) => data.rightId === right.id)
      .map((data) => [data.previousStatus, data.status]);
    assert.deepEqual(changes, [
      [null, "requested"],
      ["requested", "granted"],
      ["granted", "deletion_requested"],
      ["deletion_requested", "revoked"],
    ]);
  });
});

describe("Users of another OpenID provider", () => {
  test("a subject that is not a UUID (EU Login's) submits, withdraws, asks for removal and decides; the audit keeps it in the details", async () => {
    const requester = await accessUser(system, "Eu", "Login", undefined, { sub: "n003oges" });
    const approver = await accessUser(system, "Eu", "Approver", undefined, { sub: "n004appr" });
    await system.database.db.insert(approvers).values({ email: approver.email, name: "Eu Approver", ernCode: "ERN-LUNG", role: "coordinator" });
    const submitted = await submit(system, requester, ["ERN-LUNG", "FR", "0000"], ["HP", "Researcher"]);
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const [hp, researcher] = submitted.body.rights;
    assert.equal((await requester.post(`/api/rights/${researcher.id}/withdraw`)).status, 200);
    const approved = await approver.post("/api/approvals/decisions", { rightIds: [hp.id], decision: "approve" });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal((await requester.post(`/api/rights/${hp.id}/deletion`, {})).status, 200);
    const events = await system.database.db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.type, ["access.request_submitted", "access.request_withdrawn", "access.request_approved", "access.deletion_requested"]));
    const mine = events.filter((event) => JSON.stringify(event.details).includes(hp.id) || JSON.stringify(event.details).includes(researcher.id));
    assert.deepEqual(
      mine.map((event) => [event.type, event.actorId, (event.details as { actorSub?: string }).actorSub]),
      [
        ["access.request_submitted", null, "n003oges"],
        ["access.request_withdrawn", null, "n003oges"],
        ["access.request_approved", null, "n004appr"],
        ["access.deletion_requested", null, "n003oges"],
      ],
    );
  });
});
