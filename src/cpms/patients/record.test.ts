/*
 * The patient record over real HTTP on a real database: users are signed in
 * to cpms with rights granted in access (read by cpms over its API), the
 * terms the records use are in the terminology table.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { System } from "../../system.ts";
import { providerId } from "../../access/requests/testing.ts";
import { type CpmsTestUser, cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";
import { files } from "../files/tables.ts";
import { auditEvents } from "../pg-schema.ts";
import { terms } from "../terminology/tables.ts";
import { consents, patientDiagnoses, patientPhenotypes, patients, patientVersions } from "./tables.ts";

let system: System;

const TERMS = [
  { system: "ORPHA" as const, code: "ORPHA:558", label: "Marfan syndrome" },
  { system: "ORPHA" as const, code: "ORPHA:3394", label: "Adult soft tissue sarcoma" },
  { system: "ICD10" as const, code: "Q87.4", label: "Marfan syndrome" },
  { system: "HPO" as const, code: "HP:0001166", label: "Arachnodactyly" },
  { system: "HPO" as const, code: "HP:0001250", label: "Seizure" },
];

before(async () => {
  system = await startCpmsTestSystem();
  await system.database.db
    .insert(terms)
    .values(TERMS.map((term) => ({ ...term, labelKey: term.label.toLowerCase(), searchText: ` ${term.label.toLowerCase()} `, source: "test" })))
    .onConflictDoNothing();
});

after(async () => {
  await system?.close();
});

type Member = CpmsTestUser & { providerId: string };

async function hp(firstName: string, at: [string, string, string] = ["EURACAN", "FR", "FR01"], profile = "HP"): Promise<Member> {
  const user = await cpmsUser(system, firstName, "Test");
  await grant(system, user.sub, profile, at);
  return { ...user, providerId: await providerId(system, ...at) };
}

const today = new Date().toISOString().slice(0, 10);

function enrolment(providerId: string, record: object = {}, extra: object = {}) {
  return { ernCode: "EURACAN", providerId, localNumber: "IPP-0042", consent: { given: true, date: "2026-01-15" }, record, ...extra };
}

async function enrol(user: Member, record: object = {}) {
  const answer = await user.browser.post("/api/patients", enrolment(user.providerId, record));
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.patient;
}

async function countRows() {
  const db = system.database.db;
  return {
    patients: (await db.select().from(patients)).length,
    versions: (await db.select().from(patientVersions)).length,
    consents: (await db.select().from(consents)).length,
  };
}

async function auditOf(patientId: string) {
  return system.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, patientId));
}

describe("enrolment", () => {
  test("an HP enrols a patient with consent for care: a pseudonym, version 1, the terms' labels, the hospital number for the enroller", async () => {
    const user = await hp("Enrolling");
    const patient = await enrol(user, {
      diagnoses: [{ status: "confirmed", orphaCode: "ORPHA:558", icd10Code: "Q87.4", date: "2025-11-03" }],
      phenotypes: [
        { hpoCode: "HP:0001166", present: true },
        { hpoCode: "HP:0001250", present: false, label: "forged label" },
      ],
      demographics: { sex: "female", birthMonth: "1990-04", countryOfResidence: "FR" },
    });
    assert.match(patient.pseudonym, /^EURACAN-[2-9A-HJKMNP-TV-Z]{6}$/);
    assert.equal(patient.version, 1);
    assert.equal(patient.localNumber, "IPP-0042");
    assert.equal(patient.isEnroller, true);
    assert.equal(patient.canWrite, true);
    assert.equal(patient.consentCare, true);
    assert.equal(patient.withdrawn, false);
    assert.equal(patient.provider.code, "FR01");
    assert.equal(patient.record.diagnoses[0].orphaLabel, "Marfan syndrome");
    assert.deepEqual(
      patient.record.phenotypes.map((p: { label: string }) => p.label),
      ["Arachnodactyly", "Seizure"],
    );
    assert.equal(patient.consents.length, 1);
    assert.equal(patient.consents[0].kind, "care");
    assert.equal(patient.consents[0].recordedByName, user.name);

    const db = system.database.db;
    const diagnoses = await db.select().from(patientDiagnoses).where(eq(patientDiagnoses.patientId, patient.id));
    assert.deepEqual(
      diagnoses.map((d) => [d.ernCode, d.orphaCode, d.icd10Code, d.status]),
      [["EURACAN", "ORPHA:558", "Q87.4", "confirmed"]],
    );
    const phenotypes = await db.select().from(patientPhenotypes).where(eq(patientPhenotypes.patientId, patient.id));
    assert.equal(phenotypes.length, 2);
    const events = await auditOf(patient.id);
    assert.deepEqual(
      events.map((e) => [e.type, e.actorId]),
      [["patient.enrolled", user.sub]],
    );
  });

  test("enrolment without consent for care is refused and saves nothing", async () => {
    const user = await hp("Noconsent");
    const { providerId } = user;
    const before = await countRows();
    const refused = await user.browser.post("/api/patients", { ...enrolment(providerId), consent: { given: false, date: "2026-01-15" } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].field, "consent.given");
    assert.match(refused.body.detail, /consent for care/);
    const missing = await user.browser.post("/api/patients", { ernCode: "EURACAN", providerId, record: {} });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errors[0].field, "consent");
    const future = await user.browser.post("/api/patients", { ...enrolment(providerId), consent: { given: true, date: "2999-01-01" } });
    assert.equal(future.status, 400);
    assert.equal(future.body.errors[0].field, "consent.date");
    assert.deepEqual(await countRows(), before);
  });

  test("only an HP of that provider in that ERN enrols there", async () => {
    const user = await hp("Elsewhere", ["EURACAN", "FR", "FR36"]);
    const researcher = await hp("Researcher", ["EURACAN", "FR", "FR01"], "Researcher");
    const fr01 = researcher.providerId;
    const before = await countRows();
    const atAnotherHospital = await user.browser.post("/api/patients", enrolment(fr01));
    assert.equal(atAnotherHospital.status, 403);
    const asResearcher = await researcher.browser.post("/api/patients", enrolment(fr01));
    assert.equal(asResearcher.status, 403);
    const inAnotherErn = await user.browser.post("/api/patients", { ...enrolment(user.providerId), ernCode: "ERKNet" });
    assert.equal(inAnotherErn.status, 403);
    assert.deepEqual(await countRows(), before);
  });

  test("an unknown ORPHAcode or HPO term is refused, naming the code, and nothing is saved", async () => {
    const user = await hp("Unknown");
    const { providerId } = user;
    const before = await countRows();
    const answer = await user.browser.post(
      "/api/patients",
      enrolment(providerId, {
        diagnoses: [{ status: "suspected", orphaCode: "ORPHA:9999999", icd10Code: null, date: null }],
        phenotypes: [
          { hpoCode: "HP:0001166", present: true },
          { hpoCode: "HP:9999999", present: true },
        ],
      }),
    );
    assert.equal(answer.status, 400);
    const byField = Object.fromEntries(answer.body.errors.map((e: { field: string; detail: string }) => [e.field, e.detail]));
    assert.match(byField["record.diagnoses.0.orphaCode"], /ORPHA:9999999 is not a known ORPHAcode/);
    assert.match(byField["record.phenotypes.1.hpoCode"], /HP:9999999 is not a known HPO term/);
    assert.equal(byField["record.phenotypes.0.hpoCode"], undefined);
    const malformed = await user.browser.post("/api/patients", enrolment(providerId, { phenotypes: [{ hpoCode: "seizures", present: true }] }));
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.errors[0].field, "record.phenotypes.0.hpoCode");
    assert.deepEqual(await countRows(), before);
  });

  test("a variant that is not HGVS is refused on its field", async () => {
    const user = await hp("Genetics");
    const { providerId } = user;
    const finding = (variant: string) => ({ geneticFindings: [{ gene: "TP53", variant, classification: "pathogenic" }] });
    const refused = await user.browser.post("/api/patients", enrolment(providerId, finding("TP53 c.215C>G")));
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].field, "record.geneticFindings.0.variant");
    assert.match(refused.body.detail, /NM_000546\.6:c\.215C>G/);
    const accepted = await user.browser.post("/api/patients", enrolment(providerId, finding("NM_000546.6:c.215C>G")));
    assert.equal(accepted.status, 201);
    assert.equal(accepted.body.patient.record.geneticFindings[0].variant, "NM_000546.6:c.215C>G");
  });

  test("dates must be real, past and consistent, each error on its field", async () => {
    const user = await hp("Dates");
    const { providerId } = user;
    const before = await countRows();
    const answer = await user.browser.post(
      "/api/patients",
      enrolment(providerId, {
        demographics: { sex: "male", birthMonth: "2001-06", countryOfResidence: "FR" },
        core: {
          status: "alive",
          dateOfDeath: "2000-01-01",
          firstContact: "2999-01-01",
          onset: { kind: "date", date: "2000-12-01" },
          diagnosisAge: { kind: "date", date: "2023-02-30" },
          undiagnosed: false,
          biologicalSample: null,
          biobank: "",
          functioning: { icfScore: "", text: "" },
        },
        diagnoses: [{ status: "confirmed", orphaCode: "ORPHA:558", icd10Code: null, date: "2999-12-31" }],
      }),
    );
    assert.equal(answer.status, 400);
    const fields = answer.body.errors.map((e: { field: string }) => e.field).sort();
    assert.deepEqual(fields, [
      "record.core.dateOfDeath",
      "record.core.diagnosisAge.date",
      "record.core.firstContact",
      "record.core.onset.date",
      "record.diagnoses.0.date",
    ]);
    assert.deepEqual(await countRows(), before);

    const dead = await user.browser.post(
      "/api/patients",
      enrolment(providerId, {
        demographics: { sex: "male", birthMonth: "2001-06", countryOfResidence: "FR" },
        core: {
          status: "dead",
          dateOfDeath: "2001-05-31",
          firstContact: null,
          onset: { kind: "antenatal" },
          diagnosisAge: null,
          undiagnosed: false,
          biologicalSample: null,
          biobank: "",
          functioning: { icfScore: "", text: "" },
        },
      }),
    );
    assert.equal(dead.status, 400);
    assert.equal(dead.body.detail, "The date of death cannot be before the birth.");
  });

  test("oversized or unexpected input is refused by the schema", async () => {
    const user = await hp("Oversized");
    const { providerId } = user;
    const before = await countRows();
    const longSummary = await user.browser.post("/api/patients", enrolment(providerId, { clinicalSummary: "x".repeat(20_001) }));
    assert.equal(longSummary.status, 400);
    assert.equal(longSummary.body.errors[0].field, "record.clinicalSummary");
    const manyTerms = Array.from({ length: 201 }, (_, i) => ({ hpoCode: `HP:${String(i).padStart(7, "0")}`, present: true }));
    assert.equal((await user.browser.post("/api/patients", enrolment(providerId, { phenotypes: manyTerms }))).status, 400);
    assert.equal((await user.browser.post("/api/patients", enrolment(providerId, { name: "Jane Doe" }))).status, 400);
    assert.equal((await user.browser.post("/api/patients", enrolment(providerId, {}, { localNumber: "9".repeat(65) }))).status, 400);
    assert.deepEqual(await countRows(), before);
  });

  test("attachments must be the user's own uploads; they become the patient's", async () => {
    const user = await hp("Attaching");
    const other = await hp("Otheruploader");
    const { providerId } = user;
    const db = system.database.db;
    const staged = (ownerSub: string) => ({
      ownerSub,
      name: "report.pdf",
      type: "application/pdf",
      size: 10,
      sha256: "0".repeat(64),
      storageKey: `test/${crypto.randomUUID()}`,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const [own] = await db.insert(files).values(staged(user.sub)).returning();
    const [theirs] = await db.insert(files).values(staged(other.sub)).returning();
    const before = await countRows();
    const refused = await user.browser.post("/api/patients", enrolment(providerId, { attachments: [own.id, theirs.id] }));
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].field, "record.attachments.1");
    assert.deepEqual(await countRows(), before);
    const [untouched] = await db.select().from(files).where(eq(files.id, own.id));
    assert.equal(untouched.patientId, null);

    const accepted = await user.browser.post(
      "/api/patients",
      enrolment(providerId, { attachments: [own.id] }, { consent: { given: true, date: today, formFileId: null } }),
    );
    assert.equal(accepted.status, 201);
    const [claimed] = await db.select().from(files).where(eq(files.id, own.id));
    assert.equal(claimed.patientId, accepted.body.patient.id);
    assert.equal(claimed.expiresAt, null);
  });
});

describe("the record and its versions", () => {
  test("a change is a new version with who changed which sections; history and old versions stay readable", async () => {
    const user = await hp("Versioning");
    const patient = await enrol(user, { diagnoses: [{ status: "suspected", orphaCode: "ORPHA:558", icd10Code: null, date: null }] });
    const record = structuredClone(patient.record);
    record.diagnoses = [{ status: "confirmed", orphaCode: "ORPHA:3394", icd10Code: null, date: "2026-01-10" }];
    record.clinicalSummary = "First line\r\n\u0007**Bold** <script>alert(1)</script>";
    record.core.biologicalSample = false;
    const saved = await user.browser.request("PUT", `/api/patients/${patient.id}/record`, { version: 1, record });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.patient.version, 2);
    assert.equal(saved.body.patient.record.diagnoses[0].orphaLabel, "Adult soft tissue sarcoma");
    assert.equal(saved.body.patient.record.clinicalSummary, "First line\n**Bold** <script>alert(1)</script>");
    assert.equal(saved.body.message, "Saved as version 2: Core data, Diagnosis, Clinical summary.");
    assert.equal(saved.body.patient.record.core.biologicalSample, false);
    assert.equal(saved.body.patient.record.core.status, null);
    assert.equal(saved.body.patient.record.demographics.sex, null);

    const db = system.database.db;
    const codes = await db.select().from(patientDiagnoses).where(eq(patientDiagnoses.patientId, patient.id));
    assert.deepEqual(
      codes.map((row) => row.orphaCode),
      ["ORPHA:3394"],
    );

    const history = await user.browser.get(`/api/patients/${patient.id}/history`);
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.versions.map((v: { version: number; authorName: string; changes: string[] }) => [v.version, v.authorName, v.changes]),
      [
        [2, user.name, ["Core data", "Diagnosis", "Clinical summary"]],
        [1, user.name, ["Enrolment"]],
      ],
    );
    const first = await user.browser.get(`/api/patients/${patient.id}/history/1`);
    assert.equal(first.status, 200);
    assert.equal(first.body.record.diagnoses[0].orphaCode, "ORPHA:558");
    assert.equal((await user.browser.get(`/api/patients/${patient.id}/history/9`)).status, 404);

    const unchanged = await user.browser.request("PUT", `/api/patients/${patient.id}/record`, { version: 2, record: saved.body.patient.record });
    assert.equal(unchanged.status, 200);
    assert.equal(unchanged.body.patient.version, 2);
    assert.equal((await db.select().from(patientVersions).where(eq(patientVersions.patientId, patient.id))).length, 2);
  });

  test("a save from a stale version is refused with 409 naming who changed it, and changes nothing", async () => {
    const first = await hp("Firsteditor");
    const second = await hp("Secondeditor");
    const patient = await enrol(first);
    const mine = structuredClone(patient.record);
    mine.familyHistory = { text: "Mother treated for sarcoma", affectedRelatives: [{ relation: "mother", condition: "sarcoma" }] };
    assert.equal((await first.browser.request("PUT", `/api/patients/${patient.id}/record`, { version: 1, record: mine })).status, 200);

    const theirs = structuredClone(patient.record);
    theirs.core.status = "alive";
    const stale = await second.browser.request("PUT", `/api/patients/${patient.id}/record`, { version: 1, record: theirs });
    assert.equal(stale.status, 409);
    assert.match(stale.body.detail, new RegExp(`${first.name} changed this record .* \\(version 2\\) since you opened version 1`));
    const read = await second.browser.get(`/api/patients/${patient.id}`);
    assert.equal(read.body.patient.version, 2);
    assert.equal(read.body.patient.record.core.status, null);
    assert.equal(read.body.patient.record.familyHistory.text, "Mother treated for sarcoma");
  });

  test("of two saves of the same version at once, one makes version 2 and the other gets 409", async () => {
    const first = await hp("Racingone");
    const second = await hp("Racingtwo");
    const patient = await enrol(first);
    await second.browser.get(`/api/patients/${patient.id}`);
    const edit = (text: string) => ({ version: 1, record: { ...patient.record, clinicalSummary: text } });
    const answers = await Promise.all([
      first.browser.request("PUT", `/api/patients/${patient.id}/record`, edit("from the first")),
      second.browser.request("PUT", `/api/patients/${patient.id}/record`, edit("from the second")),
    ]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 409]);
    const versions = await system.database.db.select().from(patientVersions).where(eq(patientVersions.patientId, patient.id));
    assert.deepEqual(versions.map((row) => row.version).sort(), [1, 2]);
  });

  test("the hospital number stays at the enrolling HCP; another HCP's HP finds nothing by id", async () => {
    const enroller = await hp("Owner");
    const colleague = await hp("Colleague");
    const coordinator = await hp("Coordinating", ["EURACAN", "FR", "FR36"], "Coordinator");
    const stranger = await hp("Stranger", ["EURACAN", "FR", "FR36"]);
    const patient = await enrol(enroller);

    const byColleague = await colleague.browser.get(`/api/patients/${patient.id}`);
    assert.equal(byColleague.status, 200);
    assert.equal(byColleague.body.patient.localNumber, "IPP-0042");
    assert.equal(byColleague.body.patient.isEnroller, false);
    assert.equal(byColleague.body.patient.canWrite, true, "an HP of the enrolling HCP may change the record, and the page offers it");
    const byCoordinator = await coordinator.browser.get(`/api/patients/${patient.id}`);
    assert.equal(byCoordinator.status, 200);
    assert.equal(byCoordinator.body.patient.localNumber, null);
    assert.equal(byCoordinator.body.patient.canWrite, false, "a coordinator reads the ERN's records without changing them");

    for (const answer of [
      await stranger.browser.get(`/api/patients/${patient.id}`),
      await stranger.browser.get(`/api/patients/${patient.id}/history`),
      await stranger.browser.get(`/api/patients/${patient.id}/history/1`),
      await stranger.browser.request("PUT", `/api/patients/${patient.id}/record`, { version: 1, record: patient.record }),
      await stranger.browser.post(`/api/patients/${patient.id}/consents`, { kind: "research", given: true, date: today }),
      await stranger.browser.post(`/api/patients/${patient.id}/consents/care/withdraw`, { reason: "test" }),
    ]) {
      assert.equal(answer.status, 404);
      assert.equal(answer.body.detail, "Not found or no access.");
    }
    assert.equal((await stranger.browser.get("/api/patients/not-a-uuid")).status, 404);
    const events = await auditOf(patient.id);
    assert.equal(
      events.some((e) => e.actorId === stranger.sub),
      false,
    );
  });

  test("every read of the record, its history and a version is audited with who and why", async () => {
    const enroller = await hp("Audited");
    const coordinator = await hp("Auditing", ["EURACAN", "FR", "FR36"], "Coordinator");
    const patient = await enrol(enroller);
    await enroller.browser.get(`/api/patients/${patient.id}`);
    await coordinator.browser.get(`/api/patients/${patient.id}`);
    await coordinator.browser.get(`/api/patients/${patient.id}/history`);
    await coordinator.browser.get(`/api/patients/${patient.id}/history/1`);
    const events = (await auditOf(patient.id)).sort((a, b) => a.id - b.id);
    assert.deepEqual(
      events.map((e) => [e.type, e.actorId, e.details.reason, e.details.actorName]),
      [
        ["patient.enrolled", enroller.sub, "enroller", enroller.name],
        ["patient.read", enroller.sub, events[1].details.reason, enroller.name],
        ["patient.read", coordinator.sub, "ern", coordinator.name],
        ["patient.history_read", coordinator.sub, "ern", coordinator.name],
        ["patient.version_read", coordinator.sub, "ern", coordinator.name],
      ],
    );
    assert.ok(["own_hcp", "enroller"].includes(String(events[1].details.reason)));
  });
});

describe("consents", () => {
  test("registries and research consents are recorded once each, and set the research flags", async () => {
    const user = await hp("Consenting");
    const patient = await enrol(user);
    const research = await user.browser.post(`/api/patients/${patient.id}/consents`, { kind: "research", given: true, date: today });
    assert.equal(research.status, 201, JSON.stringify(research.body));
    assert.equal(research.body.patient.research.contactAgreement, true);
    assert.equal(research.body.patient.research.dataReuse, false);
    const again = await user.browser.post(`/api/patients/${patient.id}/consents`, { kind: "research", given: false, date: today });
    assert.equal(again.status, 409);
    const refusedRegistries = await user.browser.post(`/api/patients/${patient.id}/consents`, { kind: "registries", given: false, date: today });
    assert.equal(refusedRegistries.status, 201);
    assert.equal(refusedRegistries.body.patient.research.dataReuse, false);
    const badKind = await user.browser.post(`/api/patients/${patient.id}/consents`, { kind: "marketing", given: true, date: today });
    assert.equal(badKind.status, 400);
    const future = await user.browser.post(`/api/patients/${patient.id}/consents`, { kind: "registries", given: true, date: "2999-01-01" });
    assert.equal(future.status, 400);
    assert.equal(future.body.errors[0].field, "date");
    const [row] = await system.database.db.select().from(patients).where(eq(patients.id, patient.id));
    assert.equal(row.consentResearch, true);
    assert.equal(row.consentRegistries, false);
    const withdrawn = await user.browser.post(`/api/patients/${patient.id}/consents/research/withdraw`, { reason: "Patient asked" });
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.patient.research.contactAgreement, false);
    assert.equal(withdrawn.body.consent.withdrawalReason, "Patient asked");
    assert.equal((await user.browser.post(`/api/patients/${patient.id}/consents/research/withdraw`, { reason: "again" })).status, 409);
  });

  test("withdrawing consent for care hides the record from all but the enrolling HCP, stops research use and freezes it until consent is given again", async () => {
    const enroller = await hp("Withdrawing");
    const coordinator = await hp("Coordinatorwithdraw", ["EURACAN", "FR", "FR36"], "Coordinator");
    const patient = await enrol(enroller);
    await enroller.browser.post(`/api/patients/${patient.id}/consents`, { kind: "research", given: true, date: today });
    assert.equal((await coordinator.browser.get(`/api/patients/${patient.id}`)).status, 200);

    assert.equal((await enroller.browser.post(`/api/patients/${patient.id}/consents/care/withdraw`, { reason: "   " })).status, 400);
    const withdrawn = await enroller.browser.post(`/api/patients/${patient.id}/consents/care/withdraw`, { reason: "Patient withdrew consent" });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    assert.equal(withdrawn.body.patient.withdrawn, true);
    assert.equal(withdrawn.body.patient.consentCare, false);
    assert.equal(withdrawn.body.patient.research.contactAgreement, false);
    const [row] = await system.database.db.select().from(patients).where(eq(patients.id, patient.id));
    assert.deepEqual([row.withdrawn, row.consentCare, row.consentResearch], [true, false, false]);

    assert.equal((await coordinator.browser.get(`/api/patients/${patient.id}`)).status, 404);
    assert.equal((await coordinator.browser.get(`/api/patients/${patient.id}/history`)).status, 404);
    const own = await enroller.browser.get(`/api/patients/${patient.id}`);
    assert.equal(own.status, 200);

    const frozen = await enroller.browser.request("PUT", `/api/patients/${patient.id}/record`, {
      version: 1,
      record: { ...patient.record, clinicalSummary: "new" },
    });
    assert.equal(frozen.status, 409);
    assert.match(frozen.body.detail, /consent for care is withdrawn/);
    const otherConsent = await enroller.browser.post(`/api/patients/${patient.id}/consents`, { kind: "registries", given: true, date: today });
    assert.equal(otherConsent.status, 409);
    assert.equal((await system.database.db.select().from(patientVersions).where(eq(patientVersions.patientId, patient.id))).length, 1);

    const again = await enroller.browser.post(`/api/patients/${patient.id}/consents`, { kind: "care", given: true, date: today });
    assert.equal(again.status, 201);
    assert.equal(again.body.patient.withdrawn, false);
    assert.equal(again.body.patient.research.contactAgreement, true);
    assert.equal((await coordinator.browser.get(`/api/patients/${patient.id}`)).status, 200);
    const types = (await auditOf(patient.id)).map((e) => e.type);
    assert.equal(types.filter((type) => type === "patient.consent_withdrawn").length, 1);
    assert.equal(types.filter((type) => type === "patient.consent_recorded").length, 2);
  });
});
