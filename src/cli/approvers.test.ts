/* `opencpms approvers`: the command's functions on a test system's database. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, like } from "drizzle-orm";
import { approvers } from "../access/approvals/tables.ts";
import { auditEvents } from "../access/pg-schema.ts";
import { startAccessTestSystem } from "../access/requests/testing.ts";
import type { System } from "../system.ts";
import { approversCommand } from "./approvers.ts";

let system: System;
before(async () => {
  system = await startAccessTestSystem();
});
after(() => system.close());

async function run(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = { log: (line: string) => stdout.push(line), error: (line: string) => stderr.push(line) };
  const code = await approversCommand(args, out, async () => ({ db: system.database.db, config: system.config, close: async () => {} }));
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

const rows = () => system.database.db.select().from(approvers).orderBy(approvers.email);
const audited = (type: string) => system.database.db.select().from(auditEvents).where(like(auditEvents.type, type));

describe("opencpms approvers", () => {
  test("add names an ERN's coordinator (e-mail kept lower-case) and the global helpdesk; list shows them; each change is audited", async () => {
    const coordinator = await run("add", "--email", "Sofia.Rossi@ERN-euracan.example", "--name", "Sofia Rossi", "--ern", "euracan", "--role", "coordinator");
    assert.equal(coordinator.code, 0, coordinator.stderr);
    assert.equal(coordinator.stdout, "Sofia Rossi <sofia.rossi@ern-euracan.example> is now coordinator of EURACAN.");
    const global = await run("add", "--email", "helpdesk@opencpms.example", "--name", "Helpdesk", "--global", "--role", "helpdesk");
    assert.equal(global.code, 0, global.stderr);
    assert.match(global.stdout, /is now helpdesk for all ERNs\./);
    assert.deepEqual(
      (await rows()).map((row) => [row.email, row.ernCode, row.role]),
      [
        ["helpdesk@opencpms.example", null, "helpdesk"],
        ["sofia.rossi@ern-euracan.example", "EURACAN", "coordinator"],
      ],
    );
    const list = await run("list");
    assert.equal(list.code, 0);
    assert.deepEqual(list.stdout.split("\n"), [
      "(all ERNs)  helpdesk  helpdesk@opencpms.example  Helpdesk",
      "EURACAN  coordinator  sofia.rossi@ern-euracan.example  Sofia Rossi",
    ]);
    const events = await audited("access.approver_added");
    assert.equal(events.length, 2);
    assert.equal(events[0].userAgent, "opencpms cli");
    assert.deepEqual(events[0].details, { email: "sofia.rossi@ern-euracan.example", name: "Sofia Rossi", ernCode: "EURACAN", role: "coordinator" });
  });

  test("adding the same e-mail and ERN again changes the role, not the number of approvers", async () => {
    const before = (await rows()).length;
    const again = await run("add", "--email", "sofia.rossi@ern-euracan.example", "--name", "Sofia Rossi", "--ern", "EURACAN", "--role", "helpdesk");
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /stays helpdesk of EURACAN \(name and role updated\)/);
    assert.equal((await rows()).length, before);
    assert.equal((await audited("access.approver_changed")).length, 1);
  });

  test("refusals name the option and change nothing", async () => {
    const before = await rows();
    const cases: [string[], number, RegExp][] = [
      [["add", "--email", "x@y.example", "--name", "X", "--ern", "NOPE", "--role", "coordinator"], 1, /^--ern: There is no ERN with the code “NOPE”\.$/],
      [["add", "--email", "not-an-address", "--name", "X", "--global", "--role", "helpdesk"], 1, /^--email: “not-an-address” is not an e-mail address\.$/],
      [["add", "--email", "x@y.example", "--name", "X", "--global", "--role", "boss"], 2, /^--role: unknown role "boss"/],
      [["add", "--email", "x@y.example", "--name", "X", "--ern", "EURACAN", "--global", "--role", "helpdesk"], 2, /either --ern CODE or --global/],
      [["add", "--email", "x@y.example", "--name", "X", "--role", "helpdesk"], 2, /Give --ern CODE/],
      [["add", "--email", "x@y.example", "--ern", "EURACAN", "--role", "helpdesk"], 2, /^Missing --name\./],
      [["add", "--name", "X", "--ern", "EURACAN", "--role", "helpdesk"], 2, /^Missing --email\./],
      [["remove", "--email", "nobody@y.example", "--ern", "EURACAN"], 1, /nobody@y\.example is not an approver of EURACAN\./],
      [["frobnicate"], 2, /^Usage:/],
    ];
    for (const [args, code, message] of cases) {
      const result = await run(...args);
      assert.equal(result.code, code, args.join(" "));
      assert.match(result.stderr, message, args.join(" "));
    }
    assert.deepEqual(await rows(), before);
  });

  test("remove takes an approver off, audited", async () => {
    const removed = await run("remove", "--email", "HELPDESK@opencpms.example", "--global");
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, "Helpdesk <helpdesk@opencpms.example> no longer approves requests for all ERNs.");
    assert.deepEqual(await system.database.db.select().from(approvers).where(eq(approvers.email, "helpdesk@opencpms.example")), []);
    assert.equal((await audited("access.approver_removed")).length, 1);
  });
});
