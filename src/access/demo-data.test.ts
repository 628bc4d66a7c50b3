/* The demo's approvers and rights, as a newcomer finds them after `npm start`. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { startTestSystem } from "../platform/testing/test-system.ts";
import type { System } from "../system.ts";
import { approverScope } from "./approvals/scope.ts";
import { approvers } from "./approvals/tables.ts";
import { listQueue } from "./approvals/queue.ts";
import { rightEvents } from "./requests/tables.ts";
import { findRightViews } from "./requests/views.ts";

let system: System;
before(async () => {
  system = await startTestSystem({ DEMO_DATA: "on" });
});
after(() => system.close());

test("the demo users hold their CPMS profiles, Sofia Rossi and the helpdesk approve, and two requests wait", async () => {
  const { db } = system.database;
  const all = await findRightViews(db, undefined);
  const held = all
    .filter((right) => right.status === "granted")
    .map(
      (right) =>
        `${right.requester.name}: ${right.profile.name} at ${right.organisation.ernCode}/${right.organisation.countryCode}/${right.organisation.providerCode}`,
    )
    .sort();
  assert.deepEqual(held, [
    "Camille Laurent: HP at EURACAN/FR/FR01",
    "Jonas Becker: HP at EURACAN/DE/DE01",
    "Lena Novak: Researcher at EURACAN/SI/SI02",
    "Marta Kowalska: Dispatcher at EURACAN/PL/PL02",
    "Pieter Jansen: Panel Manager ERN at EURACAN/NL/NL08",
    "Sofia Rossi: Coordinator at EURACAN/IT/IT01",
  ]);
  const events = await db.select().from(rightEvents);
  assert.equal(events.length, all.length);
  assert.ok(events.every((event) => event.actorName === "demo data"));

  const named = await db.select().from(approvers).orderBy(approvers.email);
  assert.deepEqual(
    named.map((row) => [row.email, row.ernCode, row.role]),
    [
      ["helpdesk@opencpms.example", null, "helpdesk"],
      ["sofia.rossi@ern-euracan.example", "EURACAN", "coordinator"],
    ],
  );
  const sofia = all.find((right) => right.requester.name === "Sofia Rossi")?.requester as { sub: string; email: string };
  const scope = await approverScope(db, sofia);
  assert.deepEqual(
    scope?.erns.map((ern) => ern.code),
    ["EURACAN"],
  );
  const queue = await listQueue(db, scope as NonNullable<typeof scope>, sofia.sub, {}, { now: new Date(), targetHours: 24 });
  assert.deepEqual(
    queue.rows.map((row) => [row.requester.name, row.profile.name, row.overdue]),
    [
      ["Lena Novak", "Panel Manager HCP", true],
      ["Jonas Becker", "Researcher", false],
    ],
  );
  const helpdesk = await approverScope(db, { sub: "00000000-0000-4000-8000-000000000000", email: "helpdesk@opencpms.example" });
  assert.equal(helpdesk?.global, true);
  assert.equal((await db.select().from(approvers).where(eq(approvers.ernCode, "EURACAN"))).length, 1);
});
