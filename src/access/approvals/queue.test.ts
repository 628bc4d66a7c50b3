/*
 * The approvers' queue: oldest first, filters and paging within the
 * approver's scope, and the age in business hours against the target.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { System } from "../../system.ts";
import { rights } from "../requests/tables.ts";
import { type AccessUser, accessUser, profileId, startAccessTestSystem, submit } from "../requests/testing.ts";
import { listQueue } from "./queue.ts";
import { approvers } from "./tables.ts";

let system: System;
let coordinator: AccessUser;
const ids: Record<string, string> = {};

/** Sets when a right was requested, as if it had been submitted then. */
const requestedAt = (id: string, iso: string) =>
  system.database.db
    .update(rights)
    .set({ requestedAt: new Date(iso), updatedAt: new Date(iso) })
    .where(eq(rights.id, id));

before(async () => {
  system = await startAccessTestSystem({ ACCESS_APPROVAL_TARGET_HOURS: "24" });
  coordinator = await accessUser(system, "Queue", "Coordinator");
  await system.database.db.insert(approvers).values({ email: coordinator.email, name: "Queue Coordinator", ernCode: "EURACAN", role: "coordinator" });
  const rows: [string, string, [string, string, string], string, string][] = [
    ["alice", "Alice Martin", ["EURACAN", "FR", "FR01"], "HP", "2026-11-20T08:00:00Z"],
    ["bruno", "Bruno Costa", ["EURACAN", "PT", "PT03"], "Researcher", "2026-11-23T08:00:00Z"],
    ["chloe", "Chloé Dubois", ["EURACAN", "FR", "FR36"], "HP", "2026-11-24T08:00:00Z"],
    ["dieter", "Dieter Wolf", ["EURACAN", "DE", "DE01"], "Dispatcher", "2026-11-25T08:00:00Z"],
    ["outside", "Olaf Outside", ["ERKNet", "DE", "DE02"], "HP", "2026-11-19T08:00:00Z"],
  ];
  for (const [key, name, at, profile, when] of rows) {
    const [first, last] = name.split(" ");
    const user = await accessUser(system, first, last);
    const answer = await submit(system, user, at, [profile]);
    ids[key] = answer.body.rights[0].id;
    await requestedAt(ids[key], when);
  }
  for (let i = 0; i < 11; i++) {
    const user = await accessUser(system, "Bulk", `Person${i}`);
    await requestedAt(
      (await submit(system, user, ["EURACAN", "IT", "IT01"], ["HP"])).body.rights[0].id,
      `2026-11-26T${String(i + 10).padStart(2, "0")}:00:00Z`,
    );
  }
});
after(() => system.close());

const names = (body: { rows: { requester: { name: string } }[] }) => body.rows.map((row) => row.requester.name);

describe("The approvers' queue", () => {
  test("pending requests of the approver's ERN, oldest first, paged", async () => {
    const first = await coordinator.get("/api/approvals?perPage=10");
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.total, 15);
    assert.deepEqual(names(first.body).slice(0, 5), ["Alice Martin", "Bruno Costa", "Chloé Dubois", "Dieter Wolf", "Bulk Person0"]);
    assert.equal(first.body.rows.length, 10);
    const second = await coordinator.get("/api/approvals?perPage=10&page=2");
    assert.deepEqual(names(second.body), ["Bulk Person6", "Bulk Person7", "Bulk Person8", "Bulk Person9", "Bulk Person10"]);
    assert.deepEqual([second.body.page, second.body.perPage, second.body.total], [2, 10, 15]);
    assert.ok(!names(first.body).includes("Olaf Outside") && !names(second.body).includes("Olaf Outside"));
    assert.equal(first.body.targetHours, 24);
  });

  test("filters: country, profile, search by requester or provider", async () => {
    const france = await coordinator.get("/api/approvals?country=FR");
    assert.deepEqual(names(france.body), ["Alice Martin", "Chloé Dubois"]);
    const researcher = await coordinator.get(`/api/approvals?profile=${await profileId(system, "Researcher")}`);
    assert.deepEqual(names(researcher.body), ["Bruno Costa"]);
    assert.deepEqual(names((await coordinator.get("/api/approvals?search=wolf")).body), ["Dieter Wolf"]);
    assert.deepEqual(names((await coordinator.get("/api/approvals?search=curie")).body), ["Chloé Dubois"]);
    assert.deepEqual(names((await coordinator.get("/api/approvals?search=100%25")).body), [], "% is a character, not a wildcard");
    assert.equal((await coordinator.get("/api/approvals?ern=ERKNet")).body.total, 0, "an ERN outside the scope gives nothing");
    assert.equal((await coordinator.get("/api/approvals?application=CPMS")).body.total, 15);
  });

  test("the filter choices are within the scope", async () => {
    const { filters } = (await coordinator.get("/api/approvals")).body;
    assert.deepEqual(filters.erns, [{ code: "EURACAN", name: "Adult Cancers" }]);
    const countries = filters.countries.map((c: { code: string }) => c.code);
    assert.ok(countries.includes("FR") && countries.includes("PT"));
    assert.equal(new Set(countries).size, countries.length, "each country once");
    assert.ok(filters.profiles.some((p: { name: string; application: string }) => p.name === "HP" && p.application === "CPMS"));
  });

  test("wrong filters are refused on their field", async () => {
    for (const [query, field] of [
      ["status=maybe", "status"],
      ["perPage=7", "perPage"],
      ["page=0", "page"],
      ["profile=HP", "profile"],
      ["olderThanHours=-1", "olderThanHours"],
      ["colour=red", "body"],
    ]) {
      const answer = await coordinator.get(`/api/approvals?${query}`);
      assert.equal(answer.status, 400, query);
      assert.ok(
        answer.body.errors.some((e: { field: string }) => e.field === field || e.field === "querystring"),
        `${query}: ${JSON.stringify(answer.body)}`,
      );
    }
  });

  test("age is in business hours across a weekend, against the target: overdue stands out, olderThanHours filters on it", async () => {
    const scope = { global: false, erns: [{ code: "EURACAN", name: "Adult Cancers", role: "coordinator" as const }] };
    await requestedAt(ids.dieter, "2026-11-27T12:00:00Z"); // a Friday
    const ageAt = async (now: string, filters = {}) => {
      const queue = await listQueue(system.database.db, scope, coordinator.sub, { search: "Dieter", ...filters }, { now: new Date(now), targetHours: 24 });
      return queue.rows.map((row) => [row.ageHours, row.overdue]);
    };
    // Monday 10:00: 12 hours on Friday, 10 on Monday; 70 by the clock.
    assert.deepEqual(await ageAt("2026-11-30T10:00:00Z"), [[22, false]]);
    assert.deepEqual(await ageAt("2026-11-30T14:00:00Z"), [[26, true]]);
    assert.deepEqual(await ageAt("2026-11-30T14:00:00Z", { olderThanHours: 25 }), [[26, true]]);
    assert.deepEqual(await ageAt("2026-11-30T14:00:00Z", { olderThanHours: 27 }), []);
  });
});
