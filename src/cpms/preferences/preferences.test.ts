/*
 * "My Preferences" per ERN and the thematic areas coordinators maintain:
 * what is saved, what is refused (and then nothing is saved), who may.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import type { System } from "../../system.ts";
import { type CpmsTestUser, cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";
import { auditEvents } from "../pg-schema.ts";
import { hpsOfThematicArea } from "./participants.ts";
import { seedThematicAreas } from "./seed.ts";
import { preferences, thematicAreas } from "./tables.ts";
import { THEMATIC_AREAS } from "./thematic-areas-data.ts";

let system: System;
let hp: CpmsTestUser;
let coordinator: CpmsTestUser;
let otherHp: CpmsTestUser;

type Area = { id: string; name: string; retiredAt: string | null };

before(async () => {
  system = await startCpmsTestSystem();
  hp = await cpmsUser(system, "Pauline", "Fouche");
  coordinator = await cpmsUser(system, "Sofia", "Rossi");
  otherHp = await cpmsUser(system, "Marco", "Bianchi");
  await grant(system, hp.sub, "HP", ["EURACAN", "FR", "FR01"]);
  await grant(system, coordinator.sub, "Coordinator", ["EURACAN", "IT", "IT01"]);
  await grant(system, otherHp.sub, "HP", ["ReCONNET", "IT", "IT08"]);
});
after(async () => {
  await system?.close();
});

async function areasOf(user: CpmsTestUser, ern: string): Promise<Area[]> {
  const answer = await user.browser.get(`/api/erns/${ern}/preferences`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.areas;
}

async function savedRows(sub: string) {
  return system.database.db.select().from(preferences).where(eq(preferences.sub, sub));
}

describe("thematic areas seeded at start", () => {
  test("EURACAN offers the ten areas of the CPMS guide, in its order; every ERN has its list; seeding again adds nothing", async () => {
    const areas = await areasOf(hp, "EURACAN");
    assert.equal(areas.length, 10);
    assert.equal(areas[0].name, "Neuroendocrine tumors");
    assert.equal(areas[1].name, "Rare neoplasm of the digestive tract");
    assert.equal(areas[9].name, "Sarcoma of the soft tissue, bone and viscerae");
    assert.equal(Object.keys(THEMATIC_AREAS).length, 24);
    const before = await system.database.db.select().from(thematicAreas);
    await seedThematicAreas(system.database.db);
    assert.equal((await system.database.db.select().from(thematicAreas)).length, before.length);
  });
});

describe("My Preferences", () => {
  test("the page's data: the ERN, the user's name, the areas, nothing saved yet; the dashboard invites to set them", async () => {
    const answer = await hp.browser.get("/api/erns/EURACAN/preferences");
    assert.deepEqual(answer.body.ern, { code: "EURACAN", name: "Adult Cancers" });
    assert.equal(answer.body.user.name, "Pauline Fouche");
    assert.equal(answer.body.preferences, null);
    const dashboard = await hp.browser.get("/api/dashboard");
    assert.equal(dashboard.body.erns[0].preferencesSet, false);
  });

  test("saving a role and two areas: read back, the dashboard shows them set, audited, and the HP counts among the area's participants", async () => {
    const areas = await areasOf(hp, "EURACAN");
    const chosen = [areas[1].id, areas[9].id];
    const saved = await hp.browser.request("PUT", "/api/erns/EURACAN/preferences", { professionalRole: "Oncologist", areaIds: chosen });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const read = await hp.browser.get("/api/erns/EURACAN/preferences");
    assert.equal(read.body.preferences.professionalRole, "Oncologist");
    assert.equal(read.body.preferences.otherRole, null);
    assert.deepEqual([...read.body.preferences.areaIds].sort(), [...chosen].sort());
    assert.equal((await hp.browser.get("/api/dashboard")).body.erns[0].preferencesSet, true);
    const events = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "preferences.saved"), eq(auditEvents.actorId, hp.sub)));
    assert.equal(events.length, 1);
    assert.deepEqual(
      (await hpsOfThematicArea(system.database.db, "EURACAN", areas[1].id)).map((p) => p.sub),
      [hp.sub],
    );
    assert.deepEqual(await hpsOfThematicArea(system.database.db, "EURACAN", areas[0].id), []);
  });

  test("Other needs its text; saved with it", async () => {
    const refused = await hp.browser.request("PUT", "/api/erns/EURACAN/preferences", { professionalRole: "Other", areaIds: [] });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].field, "otherRole");
    const saved = await hp.browser.request("PUT", "/api/erns/EURACAN/preferences", {
      professionalRole: "Other",
      otherRole: " Nuclear  medicine ",
      areaIds: [],
    });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.preferences.otherRole, "Nuclear medicine");
  });

  test("refused with a clear error, nothing saved: an unknown area, another ERN's area, a role not in the list, too many areas, an ERN the user is not a member of", async () => {
    const before = await savedRows(hp.sub);
    const reconnet = await areasOf(otherHp, "ReCONNET");
    const cases: [unknown, string, RegExp][] = [
      [{ professionalRole: "Surgeon", areaIds: ["0b4e7a0e-5b6f-4c1d-9c7e-000000000000"] }, "areaIds", /Unknown thematic area/],
      [{ professionalRole: "Surgeon", areaIds: ["not-an-id"] }, "areaIds", /Unknown thematic area/],
      [{ professionalRole: "Surgeon", areaIds: [reconnet[0].id] }, "areaIds", /is a thematic area of ReCONNET, not of EURACAN/],
      [{ professionalRole: "Astronaut", areaIds: [] }, "professionalRole", /from the list/],
      [{ professionalRole: "Surgeon", areaIds: Array.from({ length: 201 }, () => "x") }, "areaIds", /at most 200/],
    ];
    for (const [body, field, detail] of cases) {
      const answer = await hp.browser.request("PUT", "/api/erns/EURACAN/preferences", body);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.body.errors[0].field, field);
      assert.match(answer.body.errors[0].detail, detail);
    }
    const elsewhere = await hp.browser.request("PUT", "/api/erns/ReCONNET/preferences", { professionalRole: "Surgeon", areaIds: [reconnet[0].id] });
    assert.equal(elsewhere.status, 403);
    assert.match(elsewhere.body.detail, /not a member of ReCONNET/);
    assert.equal((await hp.browser.get("/api/erns/ReCONNET/preferences")).status, 403);
    assert.deepEqual(await savedRows(hp.sub), before);
  });
});

describe("coordinators maintain their ERN's thematic areas", () => {
  test("add, rename, retire: a retired area leaves preferences and participants but stays in the coordinator's list", async () => {
    const added = await coordinator.browser.post("/api/erns/EURACAN/thematic-areas", { name: "Rare neoplasm of the eye" });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const id = added.body.area.id;
    const duplicate = await coordinator.browser.post("/api/erns/EURACAN/thematic-areas", { name: "rare NEOPLASM of the eye" });
    assert.equal(duplicate.status, 400);
    assert.match(duplicate.body.detail, /already has the thematic area/);

    const renamed = await coordinator.browser.request("PATCH", `/api/erns/EURACAN/thematic-areas/${id}`, { name: "Rare neoplasm of the eye and adnexa" });
    assert.equal(renamed.status, 200);
    assert.ok((await areasOf(hp, "EURACAN")).some((area) => area.id === id && area.name === "Rare neoplasm of the eye and adnexa"));

    await hp.browser.request("PUT", "/api/erns/EURACAN/preferences", { professionalRole: "Oncologist", areaIds: [id] });
    assert.equal((await coordinator.browser.post(`/api/erns/EURACAN/thematic-areas/${id}/retire`)).status, 200);
    assert.equal((await coordinator.browser.post(`/api/erns/EURACAN/thematic-areas/${id}/retire`)).status, 409);
    assert.ok(!(await areasOf(hp, "EURACAN")).some((area) => area.id === id));
    assert.deepEqual((await hp.browser.get("/api/erns/EURACAN/preferences")).body.preferences.areaIds, []);
    assert.deepEqual(await hpsOfThematicArea(system.database.db, "EURACAN", id), []);
    const list = await coordinator.browser.get("/api/erns/EURACAN/thematic-areas");
    assert.equal(list.body.canMaintain, true);
    assert.ok(list.body.areas.some((area: Area) => area.id === id && area.retiredAt));
    const choosingRetired = await hp.browser.request("PUT", "/api/erns/EURACAN/preferences", { professionalRole: "Oncologist", areaIds: [id] });
    assert.equal(choosingRetired.status, 400);
    assert.match(choosingRetired.body.detail, /no longer a thematic area/);
    const types = (await system.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, coordinator.sub))).map((event) => event.type);
    assert.deepEqual(types.sort(), ["thematic_area.added", "thematic_area.renamed", "thematic_area.retired"]);
  });

  test("refused: an HP, a coordinator of another ERN, another ERN's area id, an empty or oversized name; nothing changes", async () => {
    const before = await system.database.db.select().from(thematicAreas);
    const euracan = await areasOf(hp, "EURACAN");
    const reconnet = await areasOf(otherHp, "ReCONNET");
    const byHp = await hp.browser.post("/api/erns/EURACAN/thematic-areas", { name: "Something new" });
    assert.equal(byHp.status, 403);
    assert.equal(byHp.body.detail, "Only the coordinators of EURACAN maintain its thematic areas.");
    assert.equal((await hp.browser.post(`/api/erns/EURACAN/thematic-areas/${euracan[0].id}/retire`)).status, 403);
    assert.equal((await hp.browser.request("PATCH", `/api/erns/EURACAN/thematic-areas/${euracan[0].id}`, { name: "Renamed" })).status, 403);
    assert.equal((await coordinator.browser.post("/api/erns/ReCONNET/thematic-areas", { name: "Something new" })).status, 403);
    assert.equal((await coordinator.browser.post(`/api/erns/EURACAN/thematic-areas/${reconnet[0].id}/retire`)).status, 404);
    assert.equal((await coordinator.browser.post("/api/erns/EURACAN/thematic-areas", { name: " " })).status, 400);
    assert.equal((await coordinator.browser.post("/api/erns/EURACAN/thematic-areas", { name: "x".repeat(301) })).status, 400);
    assert.equal((await hp.browser.get("/api/erns/EURACAN/thematic-areas")).body.canMaintain, false);
    assert.deepEqual(await system.database.db.select().from(thematicAreas), before);
  });
});
