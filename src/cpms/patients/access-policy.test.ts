/*
 * Who sees which patient, over real HTTP on a real database: users signed in
 * to cpms with rights granted in access (read by cpms over its API). Every
 * refusal is the same 404 whether the patient exists or not; the lists and
 * searches follow the same rules; every read lands in the audit log and in
 * the patient's access log.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { providerId } from "../../access/requests/testing.ts";
import type { System } from "../../system.ts";
import { type CpmsTestUser, cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";
import { PDF, sendFile } from "../files/testing.ts";
import { auditEvents } from "../pg-schema.ts";
import { terms } from "../terminology/tables.ts";

let system: System;

const TERMS = [
  { system: "ORPHA" as const, code: "ORPHA:558", label: "Marfan syndrome" },
  { system: "ORPHA" as const, code: "ORPHA:3394", label: "Adult soft tissue sarcoma" },
  { system: "ICD10" as const, code: "Q87.4", label: "Marfan syndrome" },
  { system: "HPO" as const, code: "HP:0001166", label: "Arachnodactyly" },
  { system: "HPO" as const, code: "HP:0001250", label: "Seizure" },
];

type Member = CpmsTestUser & { providerId: string };

async function member(firstName: string, profile: string, at: [string, string, string]): Promise<Member> {
  const user = await cpmsUser(system, firstName, "Reach");
  await grant(system, user.sub, profile, at);
  return { ...user, providerId: await providerId(system, ...at) };
}

const FR01: [string, string, string] = ["EURACAN", "FR", "FR01"];
const FR03: [string, string, string] = ["EURACAN", "FR", "FR03"];
const NOT_FOUND = "Not found or no access.";

let enroller: Member;
let colleague: Member;
let otherHcp: Member;
let coordinator: Member;
let researcher: Member;
let marfan: { id: string; pseudonym: string };
let sarcoma: { id: string; pseudonym: string };

async function enrol(user: Member, record: object) {
  const answer = await user.browser.post("/api/patients", {
    ernCode: "EURACAN",
    providerId: user.providerId,
    localNumber: "IPP-0042",
    consent: { given: true, date: "2026-01-15" },
    record,
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.patient as { id: string; pseudonym: string };
}

const list = (user: Member, query: string) => user.browser.get(`/api/patients?${query}`);
const pseudonymsIn = (answer: { body: { rows: { pseudonym: string }[] } }) => answer.body.rows.map((row) => row.pseudonym).sort();

before(async () => {
  system = await startCpmsTestSystem();
  await system.database.db
    .insert(terms)
    .values(TERMS.map((term) => ({ ...term, labelKey: term.label.toLowerCase(), searchText: ` ${term.label.toLowerCase()} `, source: "test" })))
    .onConflictDoNothing();
  enroller = await member("Enroller", "HP", FR01);
  colleague = await member("Colleague", "HP", FR01);
  otherHcp = await member("Other", "HP", FR03);
  coordinator = await member("Coordinator", "Coordinator", FR03);
  researcher = await member("Researcher", "Researcher", FR01);
  marfan = await enrol(enroller, {
    demographics: { sex: "female", birthMonth: "1990-04", countryOfResidence: "FR" },
    diagnoses: [{ status: "confirmed", orphaCode: "ORPHA:558", icd10Code: "Q87.4", date: "2025-11-03" }],
    phenotypes: [
      { hpoCode: "HP:0001166", present: true },
      { hpoCode: "HP:0001250", present: true },
    ],
  });
  sarcoma = await enrol(colleague, {
    diagnoses: [{ status: "suspected", orphaCode: "ORPHA:3394", icd10Code: null, date: null }],
    phenotypes: [
      { hpoCode: "HP:0001166", present: true },
      { hpoCode: "HP:0001250", present: false },
    ],
  });
});

after(async () => {
  await system?.close();
});

describe("reading a patient", () => {
  test("the enrolling HCP's HPs read the patient; an HP of another HCP gets the same 404 as for a patient that does not exist", async () => {
    assert.equal((await colleague.browser.get(`/api/patients/${marfan.id}`)).status, 200);
    const refused = await otherHcp.browser.get(`/api/patients/${marfan.id}`);
    assert.equal(refused.status, 404);
    assert.equal(refused.body.detail, NOT_FOUND);
    const absent = await otherHcp.browser.get(`/api/patients/${randomUUID()}`);
    assert.deepEqual([absent.status, absent.body.detail], [404, NOT_FOUND]);
    const malformed = await otherHcp.browser.get("/api/patients/not-a-patient/access-log");
    assert.deepEqual([malformed.status, malformed.body.detail], [404, NOT_FOUND]);
    for (const path of [`/api/patients/${marfan.id}/history`, `/api/patients/${marfan.id}/shares`, `/api/patients/${marfan.id}/access-log`]) {
      const answer = await otherHcp.browser.get(path);
      assert.deepEqual([answer.status, answer.body.detail], [404, NOT_FOUND], path);
    }
  });

  test("an attachment is downloaded by those who read the patient; an HP of another HCP gets 404 for it and for the list of attachments", async () => {
    const added = await sendFile(
      enroller.browser,
      `/api/patients/${marfan.id}/attachments`,
      { name: "Histology.pdf", type: "application/pdf", content: PDF },
      { category: "report", title: "Histology" },
    );
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const download = `/api/patients/${marfan.id}/attachments/${added.body.attachment.id}`;
    assert.equal((await colleague.browser.get(download)).status, 200);
    assert.equal((await coordinator.browser.get(download)).status, 200);
    for (const path of [download, `/api/patients/${marfan.id}/attachments`]) {
      const refused = await otherHcp.browser.get(path);
      assert.deepEqual([refused.status, refused.body.detail], [404, NOT_FOUND], path);
      assert.equal((await researcher.browser.get(path)).status, 404, path);
    }
  });

  test("an HP of another HCP finds the patient neither in the list nor by pseudonym, diagnosis or phenotype", async () => {
    for (const query of ["ern=EURACAN", `ern=EURACAN&q=${marfan.pseudonym}`, "diagnosis=ORPHA:558", "phenotype=HP:0001166", `hcp=${enroller.providerId}`]) {
      const answer = await list(otherHcp, query);
      assert.equal(answer.status, 200, query);
      assert.deepEqual(answer.body.rows, [], query);
      assert.equal(answer.body.total, 0, query);
    }
  });

  test("the coordinator sees the ERN's patients, reads them, but may not change or share them", async () => {
    const answer = await list(coordinator, "ern=EURACAN");
    assert.deepEqual(pseudonymsIn(answer), [marfan.pseudonym, sarcoma.pseudonym].sort());
    assert.ok(answer.body.rows.every((row: { reason: string }) => row.reason === "ern"));
    assert.equal((await coordinator.browser.get(`/api/patients/${marfan.id}`)).status, 200);
    const share = await coordinator.browser.post(`/api/patients/${marfan.id}/shares`, {
      with: { kind: "user", sub: otherHcp.sub },
      ernCode: "EURACAN",
      reason: "Second opinion",
    });
    assert.deepEqual([share.status, share.body.detail], [404, NOT_FOUND]);
    // Another ERN's view shows the coordinator nothing.
    assert.equal((await list(coordinator, "ern=ReCONNET")).status, 403);
  });

  test("a Researcher gets no identifiable record: every patient route refuses, the list is refused without a row", async () => {
    for (const path of [
      `/api/patients/${marfan.id}`,
      `/api/patients/${marfan.id}/history`,
      `/api/patients/${marfan.id}/access-log`,
      `/api/patients/${marfan.id}/shares`,
    ]) {
      const answer = await researcher.browser.get(path);
      assert.deepEqual([answer.status, answer.body.detail], [404, NOT_FOUND], path);
    }
    for (const query of ["ern=EURACAN", "diagnosis=ORPHA:558", ""]) {
      const answer = await list(researcher, query);
      assert.equal(answer.status, 403, query);
      assert.match(answer.body.detail, /Researchers work on anonymised data only/);
      assert.equal(answer.body.rows, undefined);
    }
  });
});

describe("the patient list", () => {
  test("rows carry no names nor hospital number: pseudonym, sex, year of birth, diagnoses, present phenotypes, HCP, enrolment, why", async () => {
    const answer = await list(enroller, "ern=EURACAN&diagnosis=ORPHA:558");
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.total, 1);
    const [row] = answer.body.rows;
    assert.equal(row.pseudonym, marfan.pseudonym);
    assert.equal(row.sex, "female");
    assert.equal(row.birthYear, 1990);
    assert.deepEqual(row.diagnoses, [
      { status: "confirmed", orphaCode: "ORPHA:558", orphaLabel: "Marfan syndrome", icd10Code: "Q87.4", icd10Label: "Marfan syndrome" },
    ]);
    assert.equal(row.phenotypeCount, 2);
    assert.equal(row.provider.id, enroller.providerId);
    assert.equal(row.reason, "own_hcp");
    assert.equal(row.sharedWithMe, false);
    assert.doesNotMatch(JSON.stringify(answer.body), /IPP-0042|Enroller Reach/);
    assert.ok(answer.body.providers.some((p: { id: string }) => p.id === enroller.providerId));
  });

  test("filters: ICD-10, all phenotypes present (an absent one does not count), part of a pseudonym, HCP, enrolment days", async () => {
    const cases: [string, string[]][] = [
      ["diagnosis=Q87.4", [marfan.pseudonym]],
      ["diagnosis=ORPHA:3394", [sarcoma.pseudonym]],
      ["phenotype=HP:0001166", [marfan.pseudonym, sarcoma.pseudonym]],
      ["phenotype=HP:0001166&phenotype=HP:0001250", [marfan.pseudonym]],
      [`q=${sarcoma.pseudonym.slice(-4).toLowerCase()}`, [sarcoma.pseudonym]],
      [`hcp=${enroller.providerId}`, [marfan.pseudonym, sarcoma.pseudonym]],
      [`hcp=${otherHcp.providerId}`, []],
      [`from=${new Date().toISOString().slice(0, 10)}`, [marfan.pseudonym, sarcoma.pseudonym]],
      ["to=2020-01-01", []],
      ["diagnosis=ORPHA:99999", []],
    ];
    for (const [query, expected] of cases) {
      const answer = await list(enroller, `ern=EURACAN&${query}`);
      assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
      assert.deepEqual(pseudonymsIn(answer), [...expected].sort(), query);
    }
  });

  test("wrong filters are a clear 400 naming the field, and nothing is audited", async () => {
    const before = (await system.database.db.select().from(auditEvents).where(eq(auditEvents.type, "patients.listed"))).length;
    const cases: [string, RegExp][] = [
      ["diagnosis=ORPHA:abc", /ORPHAcode \(ORPHA:558\) or an ICD-10 code/],
      ["phenotype=HP:12", /HPO id/],
      [Array.from({ length: 11 }, (_, i) => `phenotype=HP:000000${i % 10}`).join("&"), /at most 10 phenotype terms/],
      ["perPage=7", /10, 25, 50 or 100/],
      ["from=2026-02-30", /not a day of the calendar/],
      ["from=2026-03-01&to=2026-02-01", /comes before the first/],
      [`q=${"x".repeat(65)}`, /at most 64 characters/],
      ["hcp=FR01", /healthcare provider/],
      ["unknown=1", /.+/],
    ];
    for (const [query, message] of cases) {
      const answer = await list(enroller, `ern=EURACAN&${query}`);
      assert.equal(answer.status, 400, query);
      assert.match(answer.body.detail, message, query);
    }
    const afterwards = (await system.database.db.select().from(auditEvents).where(eq(auditEvents.type, "patients.listed"))).length;
    assert.equal(afterwards, before);
  });

  test("pages: perPage and page, the total over all pages", async () => {
    const first = await list(enroller, "ern=EURACAN&perPage=10&page=1");
    assert.equal(first.body.total, 2);
    const past = await list(enroller, "ern=EURACAN&perPage=10&page=3");
    assert.deepEqual(past.body.rows, []);
    assert.equal(past.body.total, 2);
  });
});

describe("the audit and the access log", () => {
  test("every read and every list call is audited, with who and why; the enroller's access log shows them", async () => {
    await coordinator.browser.get(`/api/patients/${marfan.id}`);
    await colleague.browser.get(`/api/patients?ern=EURACAN&diagnosis=ORPHA:558`);
    const db = system.database.db;
    const [read] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "patient.read"), eq(auditEvents.subjectId, marfan.id), eq(auditEvents.actorId, coordinator.sub)));
    assert.equal(read.details.reason, "ern");
    const [listed] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "patient.listed"), eq(auditEvents.subjectId, marfan.id), eq(auditEvents.actorId, colleague.sub)));
    assert.equal(listed.details.reason, "own_hcp");
    const calls = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "patients.listed"), eq(auditEvents.actorId, colleague.sub)));
    assert.deepEqual(calls.at(-1)?.details.filters, { ern: "EURACAN", diagnosis: "ORPHA:558" });
    assert.deepEqual(calls.at(-1)?.details.patientIds, [marfan.id]);

    const log = await enroller.browser.get(`/api/patients/${marfan.id}/access-log`);
    assert.equal(log.status, 200, JSON.stringify(log.body));
    const seen = log.body.entries.map((e: { actorName: string; type: string; reason: string | null }) => `${e.actorName}|${e.type}|${e.reason}`);
    assert.ok(seen.includes("Coordinator Reach|patient.read|ern"), seen.join("\n"));
    assert.ok(seen.includes("Colleague Reach|patient.listed|own_hcp"), seen.join("\n"));
    assert.ok(seen.includes("Enroller Reach|patient.enrolled|null") || seen.some((s: string) => s.startsWith("Enroller Reach|patient.enrolled")));
    // Reading the log is itself recorded.
    assert.equal(log.body.entries[0].type, "patient.access_log_read");
  });

  test("the access log is the custodians': a coordinator who reads the patient is refused it, an HP of another HCP gets 404", async () => {
    const coordinatorAsks = await coordinator.browser.get(`/api/patients/${marfan.id}/access-log`);
    assert.equal(coordinatorAsks.status, 403);
    assert.match(coordinatorAsks.body.detail, /Only the enroller and the HPs of the enrolling healthcare provider/);
    assert.equal((await colleague.browser.get(`/api/patients/${marfan.id}/access-log`)).status, 200);
    assert.equal((await otherHcp.browser.get(`/api/patients/${marfan.id}/access-log`)).status, 404);
  });
});

describe("withdrawal of consent for care", () => {
  test("the record leaves every view but the enrolling HCP's: coordinator, shared HP and lists lose it; the enrolling HCP keeps it", async () => {
    const withdrawn = await enrol(enroller, { diagnoses: [{ status: "confirmed", orphaCode: "ORPHA:558", icd10Code: null, date: null }] });
    const shared = await enroller.browser.post(`/api/patients/${withdrawn.id}/shares`, {
      with: { kind: "hcp", providerId: otherHcp.providerId },
      ernCode: "EURACAN",
      reason: "Tumour board at FR03",
    });
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    assert.equal((await otherHcp.browser.get(`/api/patients/${withdrawn.id}`)).status, 200);
    assert.equal((await coordinator.browser.get(`/api/patients/${withdrawn.id}`)).status, 200);

    const withdrawal = await enroller.browser.post(`/api/patients/${withdrawn.id}/consents/care/withdraw`, { reason: "The patient withdrew consent." });
    assert.equal(withdrawal.status, 200, JSON.stringify(withdrawal.body));

    for (const user of [otherHcp, coordinator]) {
      const answer = await user.browser.get(`/api/patients/${withdrawn.id}`);
      assert.deepEqual([answer.status, answer.body.detail], [404, NOT_FOUND]);
      const rows = await list(user, `ern=EURACAN&q=${withdrawn.pseudonym}`);
      assert.deepEqual(rows.body.rows, []);
    }
    for (const user of [enroller, colleague]) {
      assert.equal((await user.browser.get(`/api/patients/${withdrawn.id}`)).status, 200);
      const rows = await list(user, `ern=EURACAN&q=${withdrawn.pseudonym}`);
      assert.deepEqual(pseudonymsIn(rows), [withdrawn.pseudonym]);
      assert.equal(rows.body.rows[0].withdrawn, true);
    }
    const again = await enroller.browser.post(`/api/patients/${withdrawn.id}/shares`, {
      with: { kind: "user", sub: coordinator.sub },
      ernCode: "EURACAN",
      reason: "Once more",
    });
    assert.equal(again.status, 409);
    assert.match(again.body.detail, /Consent for care does not stand/);
  });
});
