/*
 * The approvers' daily digest: one mail a day per approver with pending
 * requests in scope, with ages and overdue marks; sent once whatever the
 * number of calls or instances.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, like } from "drizzle-orm";
import type { System } from "../../system.ts";
import { outbox } from "../pg-schema.ts";
import { rights } from "../requests/tables.ts";
import { type AccessUser, accessUser, mailsTo, startAccessTestSystem, submit } from "../requests/testing.ts";
import { sendDailyDigest } from "./digest.ts";
import { approvers } from "./tables.ts";

let system: System;
let coordinator: AccessUser;

before(async () => {
  system = await startAccessTestSystem({ ACCESS_DIGEST_HOUR: "7", ACCESS_APPROVAL_TARGET_HOURS: "24" });
  coordinator = await accessUser(system, "Digest", "Coordinator");
  await system.database.db.insert(approvers).values([
    { email: coordinator.email, name: "Digest Coordinator", ernCode: "EURACAN", role: "coordinator" },
    { email: "idle.coordinator@erknet.example", name: "Idle", ernCode: "ERKNet", role: "coordinator" },
    { email: "global.helpdesk@opencpms.example", name: "Global Helpdesk", ernCode: null, role: "helpdesk" },
  ]);
  const old = await accessUser(system, "Olivia", "Old");
  const fresh = await accessUser(system, "Fred", "Fresh");
  const oldRight = (await submit(system, old, ["EURACAN", "FR", "FR01"], ["HP"])).body.rights[0];
  const freshRight = (await submit(system, fresh, ["EURACAN", "DE", "DE01"], ["Researcher"])).body.rights[0];
  await system.database.db
    .update(rights)
    .set({ requestedAt: new Date("2026-11-26T07:00:00Z") })
    .where(eq(rights.id, oldRight.id)); // a Thursday
  await system.database.db
    .update(rights)
    .set({ requestedAt: new Date("2026-11-30T06:00:00Z") })
    .where(eq(rights.id, freshRight.id)); // Monday
  // The coordinator's own request is never in their digest.
  await submit(system, coordinator, ["EURACAN", "FR", "FR36"], ["Researcher"]);
});
after(() => system.close());

const digests = () => system.database.db.select().from(outbox).where(like(outbox.subject, "Access requests waiting for your decision%"));

describe("The approvers' daily digest", () => {
  test("before the digest hour nothing is sent", async () => {
    assert.equal(await sendDailyDigest(system.database.db, system.config, new Date("2026-11-30T06:59:00Z")), null);
    assert.deepEqual(await digests(), []);
  });

  test("at the hour each approver with pending requests in scope gets one mail, with ages and overdue marks", async () => {
    const mailed = await sendDailyDigest(system.database.db, system.config, new Date("2026-11-30T07:00:00Z"));
    assert.equal(mailed, 2);
    const [mail] = (await mailsTo(system, coordinator.email)).filter((m) => m.subject.startsWith("Access requests"));
    assert.equal(mail.subject, "Access requests waiting for your decision: 2 (1 overdue)");
    // Thursday 07:00 to Monday 07:00: 48 business hours (17 + 24 + 7, the weekend skipped; 96 by the clock).
    assert.match(mail.text, /- \[OVERDUE\] Olivia Old \(.+\): access as HP in CPMS at FR01 - .+ \(EURACAN \/ France\), waiting 48 business hours/);
    assert.match(mail.text, /- Fred Fresh \(.+\): access as Researcher in CPMS at DE01 - .+, waiting 1 business hour$/m);
    assert.ok(!mail.text.includes("Digest Coordinator ("), "not their own request");
    assert.ok(mail.text.indexOf("Olivia") < mail.text.indexOf("Fred"), "oldest first");
    const [global] = await mailsTo(system, "global.helpdesk@opencpms.example");
    assert.equal(global.subject, "Access requests waiting for your decision: 3 (1 overdue)");
    assert.deepEqual(await mailsTo(system, "idle.coordinator@erknet.example"), [], "nothing pending in ERKNet: no mail");
  });

  test("called again the same day, or by two instances at once, it is not sent again", async () => {
    const sent = (await digests()).length;
    assert.equal(await sendDailyDigest(system.database.db, system.config, new Date("2026-11-30T07:05:00Z")), null);
    const racing = await Promise.all([
      sendDailyDigest(system.database.db, system.config, new Date("2026-11-30T18:00:00Z")),
      sendDailyDigest(system.database.db, system.config, new Date("2026-11-30T18:00:00Z")),
    ]);
    assert.deepEqual(racing, [null, null]);
    assert.equal((await digests()).length, sent);
  });

  test("the next day it is sent once more, by one of two instances", async () => {
    const sent = (await digests()).length;
    const racing = await Promise.all([
      sendDailyDigest(system.database.db, system.config, new Date("2026-12-01T07:01:00Z")),
      sendDailyDigest(system.database.db, system.config, new Date("2026-12-01T07:01:00Z")),
    ]);
    assert.deepEqual(
      racing.filter((result) => result !== null),
      [2],
    );
    assert.equal((await digests()).length, sent + 2);
  });
});
