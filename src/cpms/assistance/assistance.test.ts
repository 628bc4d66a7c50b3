/*
 * Requests for assistance over real HTTP on a real database: a guest
 * clinician asks EURACAN about a patient they enrolled at its "0000 Guest
 * Access" entry; the Dispatcher sees it in the queue and assigns a lead;
 * a draft panel starts with the lead and the requester as members. Those
 * outside the ERN's handlers see nothing (404); decisions happen once;
 * wrong input is a clear error on its field that changes nothing.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import type { System } from "../../system.ts";
import { startCpmsTestSystem } from "../authorizations/testing.ts";
import { files } from "../files/tables.ts";
import { notifications } from "../notifications/tables.ts";
import { enrolPatient, firstArea, type PanelTestUser, panelUser } from "../panels/testing.ts";
import { panelFiles, panelMembers, panels } from "../panels/tables.ts";
import { patients } from "../patients/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { preferenceAreas, preferences, thematicAreas } from "../preferences/tables.ts";
import { assistanceRequests } from "./tables.ts";

const NOT_FOUND = "Not found or no access.";
let system: System;
let guest: PanelTestUser;
let hospitalHp: PanelTestUser;
let lead: PanelTestUser;
let expert: PanelTestUser;
let reader: PanelTestUser;
let dispatcher: PanelTestUser;
let coordinator: PanelTestUser;
let otherCoordinator: PanelTestUser;
let researcher: PanelTestUser;
let area: { id: string; name: string };
let guestPatient: { id: string; pseudonym: string };
let hospitalPatient: { id: string; pseudonym: string };

const ask = (user: PanelTestUser, patientId: string, body: object) => user.browser.post(`/api/patients/${patientId}/assistance-requests`, body);
const requestCount = async () => (await system.database.db.select().from(assistanceRequests)).length;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const valid = () => ({
  question: "Retroperitoneal liposarcoma, 12 cm, abutting the left kidney.\nWould neoadjuvant radiotherapy help before resection?",
  thematicAreaId: area.id,
  urgency: "urgent",
  dueDate: tomorrow(),
  sharedSections: ["clinicalSummary", "diagnoses"],
  sharedFileIds: [] as string[],
});

async function attachment(patientId: string, owner: PanelTestUser): Promise<string> {
  const [file] = await system.database.db
    .insert(files)
    .values({
      ownerSub: owner.sub,
      patientId,
      kind: "attachment",
      name: "ct-report.pdf",
      type: "application/pdf",
      size: 10,
      sha256: "0".repeat(64),
      storageKey: `test/${randomUUID()}`,
      attachedAt: new Date(),
      attachedBySub: owner.sub,
    })
    .returning();
  return file.id;
}

before(async () => {
  system = await startCpmsTestSystem();
  guest = await panelUser(system, "Guest", "HP", ["EURACAN", "PL", "0000"], "Asker");
  hospitalHp = await panelUser(system, "Hospital", "HP", ["EURACAN", "FR", "FR03"], "Asker");
  lead = await panelUser(system, "Lea", "HP", ["EURACAN", "FR", "FR01"], "Lead");
  expert = await panelUser(system, "Zoe", "HP", ["EURACAN", "FR", "FR01"], "Expert");
  reader = await panelUser(system, "Reader", "HP", ["EURACAN", "FR", "FR01"], "Asker");
  dispatcher = await panelUser(system, "Dina", "Dispatcher", ["EURACAN", "FR", "FR01"], "Dispatch");
  coordinator = await panelUser(system, "Cora", "Coordinator", ["EURACAN", "FR", "FR01"], "Coord");
  otherCoordinator = await panelUser(system, "Otto", "Coordinator", ["ReCONNET", "IT", "IT08"], "Coord");
  researcher = await panelUser(system, "Rita", "Researcher", ["EURACAN", "FR", "FR01"], "Research");
  area = await firstArea(system, "EURACAN");
  // Zoe chose the area in her preferences: she comes first among the candidate leads.
  await system.database.db.insert(preferences).values({ sub: expert.sub, ernCode: "EURACAN", professionalRole: "Oncologist" });
  await system.database.db.insert(preferenceAreas).values({ sub: expert.sub, ernCode: "EURACAN", areaId: area.id });
  guestPatient = await enrolPatient(guest);
  hospitalPatient = await enrolPatient(hospitalHp);
  // Reader may read the hospital's patient (a share) but not change it.
  const shared = await hospitalHp.browser.post(`/api/patients/${hospitalPatient.id}/shares`, {
    with: { kind: "user", sub: reader.sub },
    ernCode: "EURACAN",
    reason: "Second look",
  });
  assert.equal(shared.status, 201, JSON.stringify(shared.body));
});

after(async () => {
  await system?.close();
});

describe("a guest clinician does not lead panels", () => {
  test("starting a panel on their own patient is refused, pointing to the request for assistance; nothing is made", async () => {
    const area = await firstArea(system, "EURACAN");
    const before = (await system.database.db.select({ id: panels.id }).from(panels)).length;
    const tried = await guest.browser.post(`/api/patients/${guestPatient.id}/panels`, {
      title: "Desmoid tumour: watch and wait?",
      question: "Would surveillance do?",
      thematicAreaId: area.id,
      urgency: "routine",
      dueDate: "2099-01-01",
      sharedSections: ["clinicalSummary"],
    });
    assert.equal(tried.status, 403, JSON.stringify(tried.body));
    assert.match(tried.body.detail, /ask the ERN for assistance/);
    assert.equal((await system.database.db.select({ id: panels.id }).from(panels)).length, before);
  });
});

describe("a guest asks, the Dispatcher assigns, a panel starts", () => {
  let requestId: string;
  let reference: string;
  let fileId: string;

  test("a guest clinician asks about the patient they enrolled; the ERN's handlers are told, urgently, and it is audited", async () => {
    fileId = await attachment(guestPatient.id, guest);
    const asked = await ask(guest, guestPatient.id, { ...valid(), sharedFileIds: [fileId] });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const request = asked.body.request;
    requestId = request.id;
    reference = request.reference;
    assert.match(reference, /^EURACAN-R-[2-9A-Z]{6}$/);
    assert.equal(request.status, "submitted");
    assert.equal(request.requesterIsGuest, true);
    assert.equal(request.requesterProviderLabel, "0000 - Guest Access");
    assert.equal(request.pseudonym, guestPatient.pseudonym);
    assert.equal(request.thematicAreaName, area.name);
    assert.deepEqual(request.sharedSections, ["clinicalSummary", "diagnoses"]);
    assert.equal(request.ageHours, 0);
    assert.match(asked.body.message, new RegExp(`${reference} is sent to EURACAN`));

    for (const handler of [dispatcher, coordinator]) {
      const [mail] = await system.database.db.select().from(outbox).where(eq(outbox.to, handler.email));
      assert.ok(mail, `${handler.name} is mailed`);
      assert.match(mail.subject, /^CPMS: URGENT — Request for assistance EURACAN-R-/);
      assert.match(mail.text, new RegExp(`Guest Asker, a clinician outside the ERN, asks EURACAN for help with patient ${guestPatient.pseudonym}`));
      assert.ok(mail.text.includes(`/assistance/${requestId}`));
      const [notice] = await system.database.db.select().from(notifications).where(eq(notifications.sub, handler.sub));
      assert.deepEqual([notice.kind, notice.urgent], ["assistance.requested", true]);
    }
    // Neither the requester, nor a coordinator of another ERN, nor an HP is told.
    for (const other of [guest, otherCoordinator, lead]) {
      assert.equal((await system.database.db.select().from(outbox).where(eq(outbox.to, other.email))).length, 0, other.name);
    }
    const [audited] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "patient.assistance_requested"), eq(auditEvents.subjectId, guestPatient.id)));
    assert.equal(audited.actorId, guest.sub);
    assert.equal(audited.details.reference, reference);
  });

  test("one waiting request per patient: a second is refused, naming the first", async () => {
    const before = await requestCount();
    const again = await ask(guest, guestPatient.id, valid());
    assert.equal(again.status, 409);
    assert.match(again.body.detail, new RegExp(`already has a request waiting for the ERN \\(${reference}\\)`));
    assert.equal(await requestCount(), before);
    // The database stands behind the check: a second waiting row for the patient cannot be written.
    const [first] = await system.database.db.select().from(assistanceRequests).where(eq(assistanceRequests.id, requestId));
    const { id: _id, ...copy } = first;
    await assert.rejects(system.database.db.insert(assistanceRequests).values({ ...copy, reference: `${reference}X` }));
    assert.equal(await requestCount(), before);
  });

  test("the Dispatcher's queue: the request with its age, counts per status; the requester sees it among theirs", async () => {
    const queue = await dispatcher.browser.get("/api/erns/EURACAN/assistance-requests?status=submitted");
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    assert.deepEqual(
      queue.body.rows.map((row: { id: string }) => row.id),
      [requestId],
    );
    assert.equal(queue.body.total, 1);
    assert.deepEqual(queue.body.counts, { submitted: 1, assigned: 0, declined: 0, withdrawn: 0 });
    assert.equal(queue.body.rows[0].urgency, "urgent");
    const [listed] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "assistance.listed"), eq(auditEvents.actorId, dispatcher.sub)));
    assert.deepEqual([listed.subjectId, listed.details.requestId], [guestPatient.id, requestId]);
    const mine = await guest.browser.get("/api/assistance-requests/mine");
    assert.deepEqual(
      mine.body.requests.map((row: { id: string }) => row.id),
      [requestId],
    );
    assert.deepEqual((await lead.browser.get("/api/assistance-requests/mine")).body.requests, []);
    const one = await coordinator.browser.get(`/api/assistance-requests/${requestId}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.request.question, valid().question);
    assert.equal((await guest.browser.get(`/api/assistance-requests/${requestId}`)).status, 200);
    const [read] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "assistance.read"), eq(auditEvents.actorId, coordinator.sub)));
    assert.equal(read.subjectId, guestPatient.id);
  });

  test("a coordinator of another ERN, an HP and a Researcher see neither the queue nor the request", async () => {
    for (const user of [otherCoordinator, lead, researcher]) {
      const queue = await user.browser.get("/api/erns/EURACAN/assistance-requests");
      assert.deepEqual([queue.status, queue.body.detail], [404, NOT_FOUND], user.name);
      const one = await user.browser.get(`/api/assistance-requests/${requestId}`);
      assert.deepEqual([one.status, one.body.detail], [404, NOT_FOUND], user.name);
      assert.equal((await user.browser.get("/api/erns/EURACAN/panel-leads")).status, 404, user.name);
    }
    // Otto coordinates ReCONNET: its queue is his, and empty.
    const own = await otherCoordinator.browser.get("/api/erns/ReCONNET/assistance-requests");
    assert.equal(own.status, 200);
    assert.equal(own.body.total, 0);
    for (const id of [randomUUID(), "not-a-request"]) {
      assert.equal((await dispatcher.browser.get(`/api/assistance-requests/${id}`)).status, 404);
    }
    assert.equal((await dispatcher.browser.get("/api/erns/EURACAN/assistance-requests?status=pending")).status, 400);
  });

  test("candidate leads: HPs of EURACAN at its hospitals, the area's experts first, searchable by name", async () => {
    const leads = await dispatcher.browser.get(`/api/erns/EURACAN/panel-leads?area=${area.id}`);
    assert.equal(leads.status, 200, JSON.stringify(leads.body));
    const names = leads.body.leads.map((l: { name: string }) => l.name);
    assert.equal(names[0], "Zoe Expert");
    assert.equal(leads.body.leads[0].inThematicArea, true);
    assert.match(leads.body.leads[0].providerLabel, /^FR01 - /);
    assert.deepEqual(names.slice(1), ["Hospital Asker", "Lea Lead", "Reader Asker"]);
    assert.ok(!names.includes("Guest Asker"), "a guest never leads");
    const searched = await coordinator.browser.get("/api/erns/EURACAN/panel-leads?q=lea");
    assert.deepEqual(
      searched.body.leads.map((l: { sub: string; inThematicArea: boolean }) => [l.sub, l.inThematicArea]),
      [[lead.sub, false]],
    );
  });

  test("only the ERN's handlers assign, and only an HP of the ERN at a hospital leads: refusals change nothing", async () => {
    const tries: [PanelTestUser, object, number, RegExp][] = [
      [otherCoordinator, { leadSub: lead.sub }, 404, /Not found or no access/],
      [lead, { leadSub: lead.sub }, 404, /Not found or no access/],
      [guest, { leadSub: lead.sub }, 403, /Only the ERN's Coordinators and Dispatchers/],
      [dispatcher, { leadSub: guest.sub }, 400, /must be an HP of EURACAN at one of its healthcare providers/],
      [dispatcher, { leadSub: researcher.sub }, 400, /must be an HP of EURACAN/],
      [dispatcher, { leadSub: otherCoordinator.sub }, 400, /must be an HP of EURACAN/],
      [dispatcher, {}, 400, /.+/],
    ];
    for (const [user, body, status, detail] of tries) {
      const answer = await user.browser.post(`/api/assistance-requests/${requestId}/assign`, body);
      assert.equal(answer.status, status, `${user.name} ${JSON.stringify(body)}`);
      assert.match(answer.body.detail, detail);
      if (status === 400 && "leadSub" in body) assert.equal(answer.body.errors[0].field, "leadSub");
    }
    assert.equal((await system.database.db.select().from(panels)).length, 0);
    const [row] = await system.database.db.select().from(assistanceRequests).where(eq(assistanceRequests.id, requestId));
    assert.equal(row.status, "submitted");
  });

  test("the Dispatcher assigns Lea: a draft panel with the request's question and shared data, Lea leading, the guest a member; both told", async () => {
    const assigned = await dispatcher.browser.post(`/api/assistance-requests/${requestId}/assign`, { leadSub: lead.sub, note: "Sarcoma board on Thursday" });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    const panelId = assigned.body.panelId;
    assert.equal(assigned.body.request.status, "assigned");
    assert.equal(assigned.body.request.assignedLeadName, "Lea Lead");
    assert.equal(assigned.body.request.decidedByName, "Dina Dispatch");
    assert.equal(assigned.body.request.panelId, panelId);

    const [panel] = await system.database.db.select().from(panels).where(eq(panels.id, panelId));
    assert.equal(panel.status, "draft");
    assert.equal(panel.requestId, requestId);
    assert.equal(panel.leadSub, lead.sub);
    assert.equal(panel.leadProviderId, lead.providerId);
    assert.equal(panel.createdBySub, dispatcher.sub);
    assert.equal(panel.title, "Retroperitoneal liposarcoma, 12 cm, abutting the left kidney.");
    assert.equal(panel.question, valid().question);
    assert.deepEqual([panel.thematicAreaId, panel.urgency, panel.dueDate], [area.id, "urgent", tomorrow()]);
    assert.deepEqual(panel.sharedSections, ["clinicalSummary", "diagnoses"]);
    assert.equal(panel.patientId, guestPatient.id);
    const people = await system.database.db.select().from(panelMembers).where(eq(panelMembers.panelId, panelId));
    assert.deepEqual(people.map((m) => [m.name, m.role, m.status, m.countryCode]).sort(), [
      ["Guest Asker", "member", "accepted", "PL"],
      ["Lea Lead", "lead", "accepted", "FR"],
    ]);
    const shared = await system.database.db.select().from(panelFiles).where(eq(panelFiles.panelId, panelId));
    assert.deepEqual(
      shared.map((f) => f.fileId),
      [fileId],
    );

    const [toLead] = await system.database.db.select().from(outbox).where(eq(outbox.to, lead.email));
    assert.match(toLead.subject, /^CPMS: URGENT — You lead panel EURACAN-P-/);
    // The note is free text: in CPMS, not in the mail.
    assert.ok(!toLead.text.includes("Sarcoma board"), toLead.text);
    assert.match(toLead.text, /There is more about it in CPMS/);
    const [leadNotice] = await system.database.db.select().from(notifications).where(eq(notifications.sub, lead.sub));
    assert.match(leadNotice.body, /Note: Sarcoma board on Thursday/);
    assert.ok(toLead.text.includes(`/panels/${panelId}`));
    const [toGuest] = await system.database.db.select().from(outbox).where(eq(outbox.to, guest.email));
    assert.match(toGuest.subject, new RegExp(`Your request ${reference} has a panel lead`));
    const [audited] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "assistance.assigned"), eq(auditEvents.subjectId, guestPatient.id)));
    assert.equal(audited.details.panelId, panelId);
    assert.equal(audited.details.leadName, "Lea Lead");

    // The lead and the guest reach the panel (the guest through the panel only); the Dispatcher, no member of it, does not.
    for (const user of [lead, guest]) {
      const seen = await user.browser.get(`/api/panels/${panelId}`);
      assert.equal(seen.status, 200, `${user.name}: ${JSON.stringify(seen.body)}`);
      assert.equal(seen.body.panel.status, "draft");
      assert.equal(seen.body.panel.requestId, requestId);
    }
    const listed = await guest.browser.get("/api/panels");
    assert.deepEqual(
      listed.body.rows.map((row: { id: string; role: string }) => [row.id, row.role]),
      [[panelId, "member"]],
    );
    const refused = await dispatcher.browser.get(`/api/panels/${panelId}`);
    assert.deepEqual([refused.status, refused.body.detail], [404, NOT_FOUND]);
  });

  test("a decided request is decided once: a second assignment, a decline or a withdrawal is 409", async () => {
    const second = await coordinator.browser.post(`/api/assistance-requests/${requestId}/assign`, { leadSub: expert.sub });
    assert.equal(second.status, 409);
    assert.match(second.body.detail, /already assigned to Lea Lead/);
    assert.equal((await coordinator.browser.post(`/api/assistance-requests/${requestId}/decline`, { reason: "Too late" })).status, 409);
    assert.equal((await guest.browser.post(`/api/assistance-requests/${requestId}/withdraw`)).status, 409);
    assert.equal((await system.database.db.select().from(panels).where(eq(panels.requestId, requestId))).length, 1);
    const queue = await dispatcher.browser.get("/api/erns/EURACAN/assistance-requests");
    assert.deepEqual(queue.body.counts, { submitted: 0, assigned: 1, declined: 0, withdrawn: 0 });
  });
});

describe("declining and withdrawing", () => {
  test("an HP of the ERN asks about their hospital's patient; the Coordinator declines with a reason the HP is told", async () => {
    const asked = await ask(hospitalHp, hospitalPatient.id, { ...valid(), urgency: "routine" });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const id = asked.body.request.id;
    assert.equal(asked.body.request.requesterIsGuest, false);
    assert.match(asked.body.request.requesterProviderLabel, /^FR03 - /);

    const short = await coordinator.browser.post(`/api/assistance-requests/${id}/decline`, { reason: "no" });
    assert.equal(short.status, 400);
    assert.equal(short.body.errors[0].field, "reason");
    assert.equal((await hospitalHp.browser.post(`/api/assistance-requests/${id}/decline`, { reason: "Never mind" })).status, 403);
    assert.equal((await otherCoordinator.browser.post(`/api/assistance-requests/${id}/decline`, { reason: "Not ours" })).status, 404);
    assert.equal((await coordinator.browser.post(`/api/assistance-requests/${id}/withdraw`)).status, 403);

    const declined = await coordinator.browser.post(`/api/assistance-requests/${id}/decline`, { reason: "Please ask ERN-EYE: this is an ocular tumour." });
    assert.equal(declined.status, 200, JSON.stringify(declined.body));
    assert.equal(declined.body.request.status, "declined");
    assert.equal(declined.body.request.declineReason, "Please ask ERN-EYE: this is an ocular tumour.");
    const [mail] = await system.database.db.select().from(outbox).where(eq(outbox.to, hospitalHp.email));
    assert.match(mail.subject, /was declined$/);
    assert.ok(!mail.text.includes("ocular tumour"), mail.text);
    const [notice] = await system.database.db.select().from(notifications).where(eq(notifications.sub, hospitalHp.sub));
    assert.equal(notice.kind, "assistance.declined");
    assert.match(notice.body, /Reason: Please ask ERN-EYE: this is an ocular tumour\./);
    const audited = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "assistance.declined"), eq(auditEvents.subjectId, hospitalPatient.id)));
    assert.equal(audited.length, 1);
    assert.equal((await system.database.db.select().from(panels).where(eq(panels.patientId, hospitalPatient.id))).length, 0);
  });

  test("the requester withdraws while it waits; then may ask again", async () => {
    const asked = await ask(hospitalHp, hospitalPatient.id, valid());
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const id = asked.body.request.id;
    const withdrawn = await hospitalHp.browser.post(`/api/assistance-requests/${id}/withdraw`);
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    assert.equal(withdrawn.body.request.status, "withdrawn");
    assert.equal((await hospitalHp.browser.post(`/api/assistance-requests/${id}/withdraw`)).status, 409);
    const assign = await dispatcher.browser.post(`/api/assistance-requests/${id}/assign`, { leadSub: lead.sub });
    assert.equal(assign.status, 409);
    assert.match(assign.body.detail, /withdrawn/);
    const again = await ask(hospitalHp, hospitalPatient.id, valid());
    assert.equal(again.status, 201);
    assert.equal((await hospitalHp.browser.post(`/api/assistance-requests/${again.body.request.id}/withdraw`)).status, 200);
  });
});

describe("who may ask, and bad input", () => {
  test("a Researcher, an HP who may only read the patient, a Dispatcher and an unknown patient: 404, nothing saved", async () => {
    const before = await requestCount();
    for (const [user, patientId] of [
      [researcher, hospitalPatient.id],
      [reader, hospitalPatient.id],
      [dispatcher, hospitalPatient.id],
      [lead, guestPatient.id],
      [hospitalHp, randomUUID()],
      [hospitalHp, "not-a-patient"],
    ] as [PanelTestUser, string][]) {
      const answer = await ask(user, patientId, valid());
      assert.deepEqual([answer.status, answer.body.detail], [404, NOT_FOUND], user.name);
    }
    assert.equal(await requestCount(), before);
  });

  test("wrong input is refused on its field and saves nothing", async () => {
    const [otherArea] = await system.database.db.select({ id: thematicAreas.id }).from(thematicAreas).where(eq(thematicAreas.ernCode, "ReCONNET")).limit(1);
    const foreignFile = await attachment(guestPatient.id, guest);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const before = await requestCount();
    const cases: [object, string, RegExp][] = [
      [{ question: "" }, "question", /clinical question/],
      [{ question: "x".repeat(5001) }, "question", /at most 5,000 characters/],
      [{ thematicAreaId: otherArea.id }, "thematicAreaId", /thematic areas EURACAN offers/],
      [{ thematicAreaId: randomUUID() }, "thematicAreaId", /thematic areas EURACAN offers/],
      [{ thematicAreaId: "cardiology" }, "thematicAreaId", /from the list/],
      [{ urgency: "asap" }, "urgency", /routine or urgent/],
      [{ dueDate: yesterday }, "dueDate", /cannot be in the past/],
      [{ dueDate: "2099-02-30" }, "dueDate", /is not a date/],
      [{ dueDate: "next week" }, "dueDate", /YYYY-MM-DD/],
      [{ sharedSections: [] }, "sharedSections", /at least one part of the record/],
      [{ sharedSections: ["passport"] }, "sharedSections.0", /from the list/],
      [{ sharedFileIds: [randomUUID()] }, "sharedFileIds", /patient's own attachments/],
      [{ sharedFileIds: [foreignFile] }, "sharedFileIds", /patient's own attachments/],
      [{ sharedFileIds: ["file-1"] }, "sharedFileIds.0", /from the patient's list/],
      [{ extra: true }, "body", /Unexpected field "extra"/],
    ];
    for (const [change, field, detail] of cases) {
      const answer = await ask(hospitalHp, hospitalPatient.id, { ...valid(), ...change });
      assert.equal(answer.status, 400, JSON.stringify(change));
      const error = answer.body.errors?.find((e: { field: string }) => e.field === field);
      assert.ok(error, `${JSON.stringify(change)} → ${JSON.stringify(answer.body)}`);
      assert.match(error.detail, detail, JSON.stringify(change));
    }
    assert.equal(await requestCount(), before);
  });

  test("without consent for care no request is made, and a waiting one cannot be assigned", async () => {
    const asked = await ask(hospitalHp, hospitalPatient.id, valid());
    assert.equal(asked.status, 201);
    await system.database.db.update(patients).set({ consentCare: false, withdrawn: true }).where(eq(patients.id, hospitalPatient.id));
    try {
      const assign = await dispatcher.browser.post(`/api/assistance-requests/${asked.body.request.id}/assign`, { leadSub: lead.sub });
      assert.equal(assign.status, 409);
      assert.match(assign.body.detail, /Consent for care no longer stands/);
      assert.equal((await system.database.db.select().from(panels).where(eq(panels.patientId, hospitalPatient.id))).length, 0);
      assert.equal((await hospitalHp.browser.post(`/api/assistance-requests/${asked.body.request.id}/withdraw`)).status, 200);
      const refused = await ask(hospitalHp, hospitalPatient.id, valid());
      assert.equal(refused.status, 409);
      assert.match(refused.body.detail, /Consent for care does not stand/);
    } finally {
      await system.database.db.update(patients).set({ consentCare: true, withdrawn: false }).where(eq(patients.id, hospitalPatient.id));
    }
  });
});

describe("a draft started from a request, deleted", () => {
  test("puts the request back in the ERN's queue, to be assigned again", async () => {
    const patient = await enrolPatient(guest);
    const asked = await guest.browser.post(`/api/patients/${patient.id}/assistance-requests`, valid());
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const id = asked.body.request.id;
    const assigned = await dispatcher.browser.post(`/api/assistance-requests/${id}/assign`, { leadSub: lead.sub });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    const deleted = await lead.browser.request("DELETE", `/api/panels/${assigned.body.panelId}`);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    const back = await dispatcher.browser.get(`/api/assistance-requests/${id}`);
    assert.deepEqual([back.body.request.status, back.body.request.panelId, back.body.request.assignedLeadName], ["submitted", null, null]);
    const again = await dispatcher.browser.post(`/api/assistance-requests/${id}/assign`, { leadSub: lead.sub });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.notEqual(again.body.panelId, assigned.body.panelId);
  });
});
