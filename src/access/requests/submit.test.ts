/*
 * Submitting a request (POST /api/requests): what is written when it is
 * accepted, and that every refusal says what to do and writes nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { count, eq } from "drizzle-orm";
import type { System } from "../../system.ts";
import { approvers } from "../approvals/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { rightEvents, rights } from "./tables.ts";
import { accessUser, mailsTo, profileId, providerId, startAccessTestSystem, submit } from "./testing.ts";

let system: System;
before(async () => {
  system = await startAccessTestSystem();
});
after(() => system.close());

/** How many rows each table that a submission writes holds: a refusal must leave them all as they were. */
async function footprint() {
  const { db } = system.database;
  const [[r], [e], [a], [o]] = await Promise.all([
    db.select({ n: count() }).from(rights),
    db.select({ n: count() }).from(rightEvents),
    db.select({ n: count() }).from(auditEvents),
    db.select({ n: count() }).from(outbox),
  ]);
  return { rights: r.n, events: e.n, audit: a.n, outbox: o.n };
}

describe("Submitting an access request", () => {
  test("HP at EURACAN / France / FR01 is submitted: a right requested, its history, the audit, and a mail to the ERN's coordinator", async () => {
    await system.database.db
      .insert(approvers)
      .values({ email: "coordinator.submit@euracan.example", name: "Nora Coord", ernCode: "EURACAN", role: "coordinator" });
    await system.database.db
      .insert(approvers)
      .values({ email: "coordinator.submit@erknet.example", name: "Other Coord", ernCode: "ERKNet", role: "coordinator" });
    const camille = await accessUser(system, "Camille", "Submit");
    const answer = await submit(system, camille, ["EURACAN", "FR", "FR01"], ["HP"], "I lead the sarcoma board.");
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.match(answer.body.message, /validated by the administrators/);
    const [right] = answer.body.rights;
    assert.equal(answer.body.rights.length, 1);
    assert.equal(right.status, "requested");
    assert.equal(right.submissionId, answer.body.submissionId);
    assert.equal(right.profile.name, "HP");
    assert.equal(right.organisation.label, "FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière");
    assert.equal(right.organisation.ernCode, "EURACAN");
    assert.equal(right.organisation.countryName, "France");
    assert.deepEqual(right.requester, { sub: camille.sub, name: "Camille Submit", email: camille.email });
    assert.equal(right.comment, "I lead the sarcoma board.");

    const events = await system.database.db.select().from(rightEvents).where(eq(rightEvents.rightId, right.id));
    assert.deepEqual(
      events.map((event) => [event.action, event.fromStatus, event.toStatus, event.actorSub]),
      [["Request submitted", null, "requested", camille.sub]],
    );
    const [event] = await system.database.db.select().from(auditEvents).where(eq(auditEvents.type, "access.request_submitted"));
    assert.equal(event.actorId, camille.sub);
    assert.deepEqual((event.details as { rightIds: string[] }).rightIds, [right.id]);

    const [mail] = await mailsTo(system, "coordinator.submit@euracan.example");
    assert.equal(mail.subject, "New access request for CPMS in EURACAN");
    assert.match(mail.text, /Camille Submit/);
    assert.match(mail.text, /FR01 - Assistance Publique-Hôpitaux de Paris/);
    assert.match(mail.text, /I lead the sarcoma board\./);
    assert.deepEqual(await mailsTo(system, "coordinator.submit@erknet.example"), [], "another ERN's coordinator is not mailed");
  });

  test("several profiles at once share one submission id and the comment", async () => {
    const jonas = await accessUser(system, "Jonas", "Several");
    const answer = await submit(system, jonas, ["EURACAN", "DE", "DE01"], ["Researcher", "HP"], "Both, please.");
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.rights.map((r: { profile: { name: string } }) => r.profile.name).sort(), ["HP", "Researcher"]);
    const rows = await system.database.db.select().from(rights).where(eq(rights.submissionId, answer.body.submissionId));
    assert.equal(rows.length, 2);
    assert.ok(rows.every((row) => row.comment === "Both, please." && row.sub === jonas.sub));
  });

  test("only an ERN selected — the FAQ's mistake — is refused on the organisation with what to do, and nothing is written", async () => {
    const user = await accessUser(system, "Erna", "Only");
    const before = await footprint();
    const answer = await user.post("/api/requests", {
      applicationId: "CPMS",
      organisation: { kind: "ern", id: "EURACAN" },
      profileIds: [await profileId(system, "HP")],
      comment: "",
    });
    assert.equal(answer.status, 400);
    const expected =
      "You selected the ERN “EURACAN - Adult Cancers”, not your healthcare provider. Go back to Step 2, press “Open” next to it, then “Open” next to your country, and select your centre (or “0000 Guest Access”).";
    assert.equal(answer.body.detail, expected);
    assert.deepEqual(answer.body.errors, [{ field: "organisation", detail: expected }]);
    assert.deepEqual(await footprint(), before);
  });

  test("only a country selected is refused the same way, naming the country", async () => {
    const user = await accessUser(system, "Cora", "Country");
    const before = await footprint();
    const answer = await user.post("/api/requests", {
      applicationId: "CPMS",
      organisation: { kind: "country", id: "EURACAN/FR" },
      profileIds: [await profileId(system, "HP")],
      comment: "",
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.errors[0].field, "organisation");
    assert.match(
      answer.body.detail,
      /^You selected the country “France” in “EURACAN - Adult Cancers”, not your healthcare provider\. .*“Open” next to “France”/,
    );
    assert.deepEqual(await footprint(), before);
  });

  test("a profile already requested at that provider is refused naming it; at another provider it is accepted", async () => {
    const user = await accessUser(system, "Dup", "Licate");
    assert.equal((await submit(system, user, ["EURACAN", "FR", "FR36"], ["HP"])).status, 201);
    const before = await footprint();
    const again = await submit(system, user, ["EURACAN", "FR", "FR36"], ["Researcher", "HP"]);
    assert.equal(again.status, 400);
    assert.equal(again.body.errors[0].field, "profileIds");
    assert.match(again.body.detail, /^You already asked for “HP” \(requested\) at FR36 - Institut Curie\./);
    assert.deepEqual(await footprint(), before, "not even the other profile is requested");
    assert.equal((await submit(system, user, ["EURACAN", "FR", "FR01"], ["HP"])).status, 201);
  });

  test("two identical submissions racing: one is accepted, the other refused, one right exists", async () => {
    const user = await accessUser(system, "Race", "Twice");
    const answers = await Promise.all([submit(system, user, ["EURACAN", "IT", "IT01"], ["HP"]), submit(system, user, ["EURACAN", "IT", "IT01"], ["HP"])]);
    const statuses = answers.map((answer) => answer.status).sort();
    assert.equal(statuses[0], 201);
    assert.ok([400, 409].includes(statuses[1]), JSON.stringify(answers[1].body));
    const rows = await system.database.db.select().from(rights).where(eq(rights.sub, user.sub));
    assert.equal(rows.length, 1);
  });

  test("wrong input is refused on its field and changes nothing", async () => {
    const user = await accessUser(system, "Wrong", "Input");
    const hp = await profileId(system, "HP");
    const fr01 = await providerId(system, "EURACAN", "FR", "FR01");
    const provider = { kind: "provider", id: fr01 };
    const before = await footprint();
    const cases: [unknown, string, RegExp][] = [
      [{ applicationId: "NOPE", organisation: provider, profileIds: [hp], comment: "" }, "applicationId", /not in the list/],
      [
        { applicationId: "CPMS", organisation: provider, profileIds: [await profileId(system, "Read Only", "AAC")], comment: "" },
        "profileIds",
        /not a profile of CPMS/,
      ],
      [{ applicationId: "CPMS", organisation: provider, profileIds: [], comment: "" }, "profileIds", /at least one access profile/],
      [{ applicationId: "CPMS", organisation: provider, profileIds: [hp], comment: "x".repeat(2001) }, "comment", /at most 2000 characters/],
      [{ applicationId: "CPMS", organisation: { kind: "provider", id: "not-a-uuid" }, profileIds: [hp], comment: "" }, "organisation", /not in the list/],
      [{ applicationId: "CPMS", organisation: { kind: "ern", id: "NOPE" }, profileIds: [hp], comment: "" }, "organisation", /not in the list/],
    ];
    for (const [body, field, message] of cases) {
      const answer = await user.post("/api/requests", body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.errors?.[0]?.field, field, JSON.stringify(answer.body));
      assert.match(answer.body.detail, message);
    }
    assert.deepEqual(await footprint(), before);
  });

  test("an inactive profile cannot be requested", async () => {
    const user = await accessUser(system, "In", "Active");
    const { profiles } = await import("../catalog/tables.ts");
    const [retired] = await system.database.db.insert(profiles).values({ applicationId: "CPMS", name: "Retired profile", status: "inactive" }).returning();
    const answer = await user.post("/api/requests", {
      applicationId: "CPMS",
      organisation: { kind: "provider", id: await providerId(system, "EURACAN", "FR", "FR01") },
      profileIds: [retired.id],
      comment: "",
    });
    assert.equal(answer.status, 400);
    assert.match(answer.body.detail, /“Retired profile” can no longer be requested/);
  });

  test("without an access session the request is refused with what to do", async () => {
    const answer = await system.server("access").inject({ method: "GET", url: "/api/rights" });
    assert.equal(answer.statusCode, 401);
    assert.match(answer.json().detail, /log in to the authorisation system/);
  });
});
