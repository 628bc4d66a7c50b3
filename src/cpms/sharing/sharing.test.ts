/*
 * Sharing a patient within and across ERNs, over real HTTP on a real
 * database: the recipient sees the patient at once and loses it at once on
 * revocation; only those who may change the record share; wrong input is a
 * clear error that changes nothing; each step audited, the recipient told
 * by mail.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { providerId } from "../../access/requests/testing.ts";
import type { System } from "../../system.ts";
import { type CpmsTestUser, cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { patientShares } from "./tables.ts";

let system: System;

type Member = CpmsTestUser & { providerId: string };

async function member(firstName: string, profile: string, at: [string, string, string]): Promise<Member> {
  const user = await cpmsUser(system, firstName, "Share");
  await grant(system, user.sub, profile, at);
  // The first request reads the rights from access: the user is then in cpms's directory.
  assert.equal((await user.browser.get("/api/me")).status, 200);
  return { ...user, providerId: await providerId(system, ...at) };
}

const NOT_FOUND = "Not found or no access.";
let enroller: Member;
let colleague: Member;
let abroad: Member;
let otherHcp: Member;
let researcher: Member;
let patient: { id: string; pseudonym: string };
let secondPatient: { id: string; pseudonym: string };

async function enrol(user: Member) {
  const answer = await user.browser.post("/api/patients", { ernCode: "EURACAN", providerId: user.providerId, consent: { given: true, date: "2026-01-15" } });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.patient as { id: string; pseudonym: string };
}

const shareWith = (user: Member, patientId: string, body: object) => user.browser.post(`/api/patients/${patientId}/shares`, body);
const revoke = (user: Member, patientId: string, shareId: string, reason: string) =>
  user.browser.request("DELETE", `/api/patients/${patientId}/shares/${shareId}`, { reason });
const shareCount = async () => (await system.database.db.select().from(patientShares)).length;

before(async () => {
  system = await startCpmsTestSystem();
  enroller = await member("Enroller", "HP", ["EURACAN", "FR", "FR01"]);
  colleague = await member("Colleague", "HP", ["EURACAN", "FR", "FR01"]);
  abroad = await member("Abroad", "HP", ["ReCONNET", "IT", "IT08"]);
  otherHcp = await member("Other", "HP", ["EURACAN", "FR", "FR03"]);
  researcher = await member("Researcher", "Researcher", ["ReCONNET", "IT", "IT08"]);
  patient = await enrol(enroller);
  secondPatient = await enrol(enroller);
});

after(async () => {
  await system?.close();
});

describe("sharing with a member of another ERN", () => {
  test("the HP abroad sees the patient at once, read-only, told by mail; revoking stops it at once", async () => {
    assert.equal((await abroad.browser.get(`/api/patients/${patient.id}`)).status, 404);
    const shared = await shareWith(enroller, patient.id, {
      with: { kind: "user", sub: abroad.sub },
      ernCode: "ReCONNET",
      reason: "Second opinion on the sarcoma",
    });
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    assert.equal(shared.body.share.targetName, "Abroad Share");
    assert.equal(shared.body.share.ernCode, "ReCONNET");
    assert.match(shared.body.message, /shared with Abroad Share in ReCONNET/);

    const read = await abroad.browser.get(`/api/patients/${patient.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.patient.localNumber, null);
    const listed = await abroad.browser.get("/api/patients?ern=ReCONNET");
    assert.deepEqual(
      listed.body.rows.map((row: { pseudonym: string; sharedWithMe: boolean }) => [row.pseudonym, row.sharedWithMe]),
      [[patient.pseudonym, true]],
    );
    // Read-only: the recipient neither shares further nor sees the shares.
    const reshare = await shareWith(abroad, patient.id, { with: { kind: "user", sub: researcher.sub }, ernCode: "ReCONNET", reason: "Passing on" });
    assert.deepEqual([reshare.status, reshare.body.detail], [404, NOT_FOUND]);
    assert.equal((await abroad.browser.get(`/api/patients/${patient.id}/shares`)).status, 404);

    const [mail] = await system.database.db.select().from(outbox).where(eq(outbox.to, abroad.email));
    assert.equal(mail.subject, `CPMS: patient ${patient.pseudonym} shared with you`);
    assert.match(mail.text, /Reason: Second opinion on the sarcoma/);
    assert.ok(mail.text.includes(`/patients/${patient.id}`));

    const [audited] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "patient.shared"), eq(auditEvents.subjectId, patient.id)));
    assert.equal(audited.actorId, enroller.sub);
    assert.equal(audited.details.shareReason, "Second opinion on the sarcoma");

    const revoked = await revoke(colleague, patient.id, shared.body.share.id, "The opinion was given");
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal(revoked.body.share.revokeReason, "The opinion was given");
    const after = await abroad.browser.get(`/api/patients/${patient.id}`);
    assert.deepEqual([after.status, after.body.detail], [404, NOT_FOUND]);
    assert.deepEqual((await abroad.browser.get("/api/patients?ern=ReCONNET")).body.rows, []);
    const again = await revoke(enroller, patient.id, shared.body.share.id, "Twice");
    assert.equal(again.status, 409);

    const shares = await enroller.browser.get(`/api/patients/${patient.id}/shares`);
    assert.equal(shares.body.shares.length, 1);
    assert.equal(shares.body.shares[0].revokedByName, "Colleague Share");
    const log = await enroller.browser.get(`/api/patients/${patient.id}/access-log`);
    const types = log.body.entries.map((e: { type: string; actorName: string }) => `${e.actorName}|${e.type}`);
    assert.ok(types.includes("Abroad Share|patient.read"), types.join("\n"));
    assert.ok(types.includes("Colleague Share|patient.share_revoked"));
  });

  test("a share with a healthcare provider lets its HPs see the patient, until revoked", async () => {
    const shared = await shareWith(enroller, secondPatient.id, {
      with: { kind: "hcp", providerId: otherHcp.providerId },
      ernCode: "EURACAN",
      reason: "Joint follow-up",
    });
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    assert.match(shared.body.share.targetName, /^FR03 - /);
    assert.equal((await otherHcp.browser.get(`/api/patients/${secondPatient.id}`)).status, 200);
    assert.equal((await system.database.db.select().from(outbox).where(eq(outbox.to, otherHcp.email))).length, 1);
    assert.equal((await revoke(enroller, secondPatient.id, shared.body.share.id, "Done")).status, 200);
    assert.equal((await otherHcp.browser.get(`/api/patients/${secondPatient.id}`)).status, 404);
  });
});

describe("bad paths", () => {
  test("wrong targets and wrong input are clear errors, and nothing is saved", async () => {
    const before = await shareCount();
    const cases: [object, number, RegExp][] = [
      [{ with: { kind: "user", sub: researcher.sub }, ernCode: "ReCONNET", reason: "x" }, 400, /no HP, coordinator or panel manager profile in ReCONNET/],
      [{ with: { kind: "user", sub: abroad.sub }, ernCode: "EURACAN", reason: "x" }, 400, /no HP, coordinator or panel manager profile in EURACAN/],
      [{ with: { kind: "user", sub: randomUUID() }, ernCode: "EURACAN", reason: "x" }, 400, /choose a member from the directory/],
      [{ with: { kind: "user", sub: enroller.sub }, ernCode: "EURACAN", reason: "x" }, 400, /You already see this patient/],
      [{ with: { kind: "hcp", providerId: enroller.providerId }, ernCode: "EURACAN", reason: "x" }, 400, /enrolled the patient/],
      [{ with: { kind: "hcp", providerId: otherHcp.providerId }, ernCode: "ReCONNET", reason: "x" }, 400, /not a healthcare provider of ReCONNET/],
      [{ with: { kind: "hcp", providerId: randomUUID() }, ernCode: "EURACAN", reason: "x" }, 400, /not a healthcare provider of EURACAN/],
      [{ with: { kind: "user", sub: abroad.sub }, ernCode: "ReCONNET", reason: "" }, 400, /reason for sharing/],
      [{ with: { kind: "user", sub: abroad.sub }, ernCode: "ReCONNET", reason: "x".repeat(1001) }, 400, /at most 1000 characters/],
      [{ with: { kind: "group", id: "x" }, ernCode: "ReCONNET", reason: "x" }, 400, /.+/],
      [{ with: { kind: "user", sub: abroad.sub }, reason: "x" }, 400, /.+/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await shareWith(enroller, patient.id, body);
      assert.equal(answer.status, status, JSON.stringify(body));
      assert.match(answer.body.detail, message, JSON.stringify(body));
    }
    assert.equal(await shareCount(), before);
  });

  test("one open share per target (409); another patient's share, an unknown or malformed id: 404; revoking needs a reason", async () => {
    const body = { with: { kind: "user", sub: abroad.sub }, ernCode: "ReCONNET", reason: "Tumour board" };
    const first = await shareWith(enroller, secondPatient.id, body);
    assert.equal(first.status, 201);
    const twice = await shareWith(enroller, secondPatient.id, body);
    assert.equal(twice.status, 409);
    assert.match(twice.body.detail, /already shared with Abroad Share/);
    for (const [patientId, shareId] of [
      [patient.id, first.body.share.id],
      [secondPatient.id, randomUUID()],
      [secondPatient.id, "not-a-share"],
    ]) {
      const answer = await revoke(enroller, patientId, shareId, "Done");
      assert.deepEqual([answer.status, answer.body.detail], [404, NOT_FOUND]);
    }
    assert.equal((await revoke(enroller, secondPatient.id, first.body.share.id, "")).status, 400);
    // Another HCP's HP may neither share nor revoke: the patient is not theirs to know.
    assert.equal((await revoke(otherHcp, secondPatient.id, first.body.share.id, "Mine now")).status, 404);
    assert.equal((await shareWith(otherHcp, secondPatient.id, body)).status, 404);
    const [open] = await system.database.db.select().from(patientShares).where(eq(patientShares.id, first.body.share.id));
    assert.equal(open.revokedAt, null);
  });
});

describe("the share dialog's directory", () => {
  test("members with a clinical profile, with their HCP and ERN but no e-mail; Researchers are not offered", async () => {
    const found = await enroller.browser.get("/api/directory?q=share");
    assert.equal(found.status, 200);
    const names = found.body.people.map((p: { name: string }) => p.name).sort();
    assert.deepEqual(names, ["Abroad Share", "Colleague Share", "Enroller Share", "Other Share"]);
    assert.doesNotMatch(JSON.stringify(found.body), /@hospital\.example/);
    const inErn = await enroller.browser.get("/api/directory?q=share&ern=ReCONNET");
    assert.deepEqual(
      inErn.body.people.map((p: { name: string }) => p.name),
      ["Abroad Share"],
    );
    const providers = await enroller.browser.get("/api/directory?q=FR03&ern=EURACAN");
    assert.deepEqual(
      providers.body.providers.map((p: { providerId: string }) => p.providerId),
      [otherHcp.providerId],
    );
    assert.equal((await enroller.browser.get(`/api/directory?q=${"x".repeat(101)}`)).status, 400);
  });
});
