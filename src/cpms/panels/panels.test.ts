/*
 * Panels over real HTTP on a real database: an HP starts a panel on a
 * patient they may change (wrong input is a clear 400 on its field and
 * changes nothing); lists by role, status and ERN with overdue panels
 * first; the panel's page per role — invitees see no patient data, members
 * only the shared sections, every such read audited; a non-member, a
 * removed member and a member of another ERN get 404 for the panel and its
 * files; every illegal transition is a 409 that changes nothing; opening
 * sends the draft's invitations (urgent ones say so).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { System } from "../../system.ts";
import { startCpmsTestSystem } from "../authorizations/testing.ts";
import { PNG, sendFile } from "../files/testing.ts";
import { notifications } from "../notifications/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { thematicAreas } from "../preferences/tables.ts";
import type { PanelRow } from "./panel-access.ts";
import { panelFiles, panelMembers, panels } from "./tables.ts";
import { enrolPatient, firstArea, makePanel, type PanelTestUser, panelUser, setMemberStatus } from "./testing.ts";

let system: System;
let dataDir: string;
let lead: PanelTestUser;
let colleague: PanelTestUser;
let coordinator: PanelTestUser;
let manager: PanelTestUser;
let anna: PanelTestUser;
let bruno: PanelTestUser;
let outsider: PanelTestUser;
let abroad: PanelTestUser;
let patient: { id: string; pseudonym: string };
let area: { id: string; name: string };

const NOT_FOUND = "Not found or no access.";

const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const goodPanel = () => ({
  title: "Retroperitoneal sarcoma: neoadjuvant options?",
  question: "Would neoadjuvant radiotherapy help before resection?",
  thematicAreaId: area.id,
  urgency: "routine",
  dueDate: dayFromToday(14),
  sharedSections: ["clinicalSummary"],
});

const panelCount = async () => (await system.database.db.select({ id: panels.id }).from(panels)).length;

async function panelRow(id: string): Promise<PanelRow> {
  const [row] = await system.database.db.select().from(panels).where(eq(panels.id, id));
  return row;
}

async function attach(user: PanelTestUser, patientId: string): Promise<string> {
  const answer = await sendFile(
    user.browser,
    `/api/patients/${patientId}/attachments`,
    { name: "scan.png", type: "image/png", content: PNG },
    { category: "report" },
  );
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.attachment.id;
}

function assertIllegal(answer: { status: number; body: { code?: string; detail?: string } }, label: string) {
  assert.equal(answer.status, 409, `${label}: ${JSON.stringify(answer.body)}`);
  assert.equal(answer.body.code, "illegal_transition", label);
  assert.ok(answer.body.detail && answer.body.detail.length > 10, label);
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-panels-test-"));
  system = await startCpmsTestSystem({ DATA_DIR: dataDir });
  lead = await panelUser(system, "Lena", "HP", ["EURACAN", "FR", "FR01"], "Lead");
  colleague = await panelUser(system, "Colin", "HP", ["EURACAN", "FR", "FR01"], "Colleague");
  coordinator = await panelUser(system, "Cora", "Coordinator", ["EURACAN", "FR", "FR01"], "Coordinator");
  manager = await panelUser(system, "Manon", "Panel Manager ERN", ["EURACAN", "FR", "FR01"], "Manager");
  anna = await panelUser(system, "Anna", "HP", ["EURACAN", "DE", "DE01"], "Member");
  bruno = await panelUser(system, "Bruno", "HP", ["EURACAN", "FR", "FR03"], "Member");
  outsider = await panelUser(system, "Oscar", "HP", ["EURACAN", "FR", "FR03"], "Outsider");
  abroad = await panelUser(system, "Ivo", "HP", ["ReCONNET", "IT", "IT08"], "Abroad");
  patient = await enrolPatient(lead);
  area = await firstArea(system, "EURACAN");
});

after(async () => {
  await system?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("starting a panel on a patient", () => {
  test("an HP who may change the record starts a draft they lead, sharing the sections and attachments chosen; audited", async () => {
    const fileId = await attach(lead, patient.id);
    const created = await colleague.browser.post(`/api/patients/${patient.id}/panels`, { ...goodPanel(), urgency: "urgent", sharedFileIds: [fileId] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const view = created.body.panel;
    assert.equal(view.status, "draft");
    assert.equal(view.leadName, colleague.name);
    assert.equal(view.urgency, "urgent");
    assert.equal(view.thematicAreaName, area.name);
    assert.equal(view.pseudonym, patient.pseudonym);
    assert.match(view.reference, /^EURACAN-P-[2-9A-Z]{6}$/);
    assert.match(created.body.message, /draft/);
    assert.deepEqual(view.you.role, "lead");
    assert.ok(view.you.actions.includes("open") && view.you.actions.includes("delete") && !view.you.actions.includes("contribute"));
    assert.deepEqual(
      view.members.map((m: { name: string; role: string; status: string; providerLabel: string }) => [m.name, m.role, m.status]),
      [[colleague.name, "lead", "accepted"]],
    );
    assert.match(view.members[0].providerLabel, /^FR01 - /);
    assert.deepEqual(Object.keys(view.shared.record), ["clinicalSummary"]);
    assert.equal(view.shared.record.clinicalSummary, "Retroperitoneal mass, 12 cm.");
    const row = await panelRow(view.id);
    assert.equal(row.leadProviderId, colleague.providerId);
    const shared = await system.database.db.select().from(panelFiles).where(eq(panelFiles.panelId, view.id));
    assert.deepEqual(
      shared.map((f) => [f.fileId, f.source]),
      [[fileId, "record"]],
    );
    const [audited] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "panel.created"), sql`${auditEvents.details}->>'panelId' = ${view.id}`));
    assert.equal(audited.subjectId, patient.id);
    assert.equal(audited.actorId, colleague.sub);
    assert.equal(audited.details.reason, "panel");
  });

  test("each wrong field is a 400 naming it, and nothing is created", async () => {
    const [otherErnArea] = await system.database.db.select().from(thematicAreas).where(eq(thematicAreas.ernCode, "ReCONNET")).limit(1);
    const [retired] = await system.database.db
      .insert(thematicAreas)
      .values({ ernCode: "EURACAN", name: `Retired area ${randomUUID()}`, retiredAt: new Date() })
      .returning();
    const cases: [object, string][] = [
      [{ title: "" }, "title"],
      [{ title: "x".repeat(201) }, "title"],
      [{ question: "   " }, "question"],
      [{ question: "q".repeat(5001) }, "question"],
      [{ dueDate: dayFromToday(-1) }, "dueDate"],
      [{ dueDate: "2099-02-30" }, "dueDate"],
      [{ dueDate: "next week" }, "dueDate"],
      [{ sharedSections: [] }, "sharedSections"],
      [{ sharedSections: ["attachments"] }, "sharedSections.0"],
      [{ urgency: "soon" }, "urgency"],
      [{ thematicAreaId: otherErnArea.id }, "thematicAreaId"],
      [{ thematicAreaId: retired.id }, "thematicAreaId"],
      [{ thematicAreaId: "not-an-id" }, "thematicAreaId"],
      [{ sharedFileIds: [randomUUID()] }, "sharedFileIds"],
    ];
    const before = await panelCount();
    for (const [change, field] of cases) {
      const answer = await lead.browser.post(`/api/patients/${patient.id}/panels`, { ...goodPanel(), ...change });
      assert.equal(answer.status, 400, `${field}: ${JSON.stringify(answer.body)}`);
      assert.ok(
        answer.body.errors.some((e: { field: string }) => e.field === field),
        `${field}: ${JSON.stringify(answer.body.errors)}`,
      );
    }
    assert.equal(await panelCount(), before);
  });

  test("a user who may only read the patient, or not see it, gets 404; without consent for care, 409", async () => {
    const before = await panelCount();
    for (const user of [coordinator, outsider, abroad]) {
      const answer = await user.browser.post(`/api/patients/${patient.id}/panels`, goodPanel());
      assert.deepEqual([answer.status, answer.body.detail], [404, NOT_FOUND]);
    }
    assert.equal((await lead.browser.post(`/api/patients/${randomUUID()}/panels`, goodPanel())).status, 404);
    const withdrawn = await enrolPatient(lead);
    const withdrawal = await lead.browser.post(`/api/patients/${withdrawn.id}/consents/care/withdraw`, { reason: "The patient asked." });
    assert.equal(withdrawal.status, 200, JSON.stringify(withdrawal.body));
    const refused = await lead.browser.post(`/api/patients/${withdrawn.id}/panels`, goodPanel());
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /Consent for care/);
    assert.equal(await panelCount(), before);
  });
});

describe("the panel's page, per role", () => {
  test("an invitee sees the invitation only; a member only the shared sections, audited; a manager the same", async () => {
    const fresh = await enrolPatient(lead);
    const panel = await makePanel(system, lead, fresh, { members: [anna], sections: ["clinicalSummary"] });
    await system.database.db.insert(panelMembers).values({
      panelId: panel.id,
      sub: bruno.sub,
      name: bruno.name,
      ernCode: "EURACAN",
      invitedBySub: lead.sub,
      invitedByName: lead.name,
      notifiedAt: new Date(),
    });

    const invited = await bruno.browser.get(`/api/panels/${panel.id}`);
    assert.equal(invited.status, 200, JSON.stringify(invited.body));
    assert.equal(invited.body.panel.you.role, "invitee");
    assert.deepEqual(invited.body.panel.you.actions, ["respond"]);
    assert.equal(invited.body.panel.question, "Would neoadjuvant radiotherapy help before resection?");
    for (const key of ["members", "shared", "files", "contributions", "messages", "outcome"]) assert.equal(invited.body.panel[key], null, key);

    const member = await anna.browser.get(`/api/panels/${panel.id}`);
    assert.equal(member.status, 200);
    assert.equal(member.body.panel.you.role, "member");
    assert.deepEqual(member.body.panel.you.actions.sort(), ["contribute", "message"]);
    assert.deepEqual(Object.keys(member.body.panel.shared.record), ["clinicalSummary"]);
    assert.equal(member.body.panel.shared.version, 1);
    assert.equal(member.body.panel.shared.record.demographics, undefined);
    assert.equal(member.body.panel.members.length, 3);
    // The panel gives no view of the record itself.
    assert.equal((await anna.browser.get(`/api/patients/${fresh.id}`)).status, 404);

    const managed = await manager.browser.get(`/api/panels/${panel.id}`);
    assert.equal(managed.status, 200);
    assert.equal(managed.body.panel.you.role, "manager");
    assert.equal(managed.body.panel.you.sub, manager.sub);
    assert.ok(managed.body.panel.you.canManage && !managed.body.panel.you.isLead);
    assert.ok(managed.body.panel.you.actions.includes("invite") && !managed.body.panel.you.actions.includes("sign"));

    const reads = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "panel.read"), eq(auditEvents.subjectId, fresh.id)));
    assert.deepEqual(reads.map((r) => r.actorId).sort(), [anna.sub, manager.sub].sort());
    assert.ok(reads.every((r) => r.details.reason === "panel" && r.details.panelId === panel.id));
  });

  test("a panel manager who accepts an invitation keeps managing; the data the answer shows is audited as a read", async () => {
    const fresh = await enrolPatient(lead);
    const panel = await makePanel(system, lead, fresh, { members: [anna] });
    await system.database.db.insert(panelMembers).values({
      panelId: panel.id,
      sub: manager.sub,
      name: manager.name,
      ernCode: "EURACAN",
      invitedBySub: lead.sub,
      invitedByName: lead.name,
      notifiedAt: new Date(),
    });
    const readsOf = async () =>
      (
        await system.database.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.type, "panel.read"), eq(auditEvents.actorId, manager.sub), eq(auditEvents.subjectId, fresh.id)))
      ).length;
    const accepted = await manager.browser.post(`/api/panels/${panel.id}/invitation`, { accept: true });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.ok(accepted.body.panel.shared, "the answer shows the shared data");
    assert.equal(await readsOf(), 1);
    assert.deepEqual([accepted.body.panel.you.role, accepted.body.panel.you.canManage], ["member", true]);
    assert.ok(accepted.body.panel.you.actions.includes("invite"));
    assert.ok(accepted.body.panel.you.actions.includes("contribute"));
    assert.equal((await manager.browser.get(`/api/panels/${panel.id}/suggestions`)).status, 200);
  });

  test("without consent for care, nobody sees the panel's patient data and it cannot go on", async () => {
    const fresh = await enrolPatient(lead);
    const panel = await makePanel(system, lead, fresh, { members: [anna], status: "draft" });
    await lead.browser.post(`/api/patients/${fresh.id}/consents/care/withdraw`, { reason: "The patient asked." });
    const seen = await anna.browser.get(`/api/panels/${panel.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.panel.consentStands, false);
    assert.equal(seen.body.panel.shared, null);
    assert.deepEqual(seen.body.panel.you.actions, []);
    const opened = await lead.browser.post(`/api/panels/${panel.id}/open`);
    assert.equal(opened.status, 409);
    assert.match(opened.body.detail, /Consent for care/);
    assert.equal((await panelRow(panel.id)).status, "draft");
  });
});

describe("who cannot read a panel (acceptance 3)", () => {
  test("a non-member, a removed member and a member of another ERN get 404 for the panel and its files", async () => {
    const fresh = await enrolPatient(lead);
    const fileId = await attach(lead, fresh.id);
    const panel = await makePanel(system, lead, fresh, { members: [anna, bruno], fileIds: [fileId] });
    assert.equal((await bruno.browser.get(`/api/panels/${panel.id}`)).status, 200);
    assert.equal((await bruno.browser.get(`/api/panels/${panel.id}/files/${fileId}`)).status, 200);
    await setMemberStatus(system, panel.id, bruno.sub, "removed");
    for (const user of [outsider, bruno, abroad, coordinator]) {
      const page = await user.browser.get(`/api/panels/${panel.id}`);
      assert.deepEqual([page.status, page.body.detail], [404, NOT_FOUND], user.name);
      const file = await user.browser.get(`/api/panels/${panel.id}/files/${fileId}`);
      assert.equal(file.status, 404, user.name);
      for (const route of ["suggestions"]) assert.equal((await user.browser.get(`/api/panels/${panel.id}/${route}`)).status, 404);
    }
    assert.equal((await lead.browser.get(`/api/panels/${randomUUID()}`)).status, 404);
    assert.equal((await lead.browser.get("/api/panels/not-a-panel")).status, 404);
    const list = await outsider.browser.get("/api/panels");
    assert.equal(
      list.body.rows.some((row: { id: string }) => row.id === panel.id),
      false,
    );
  });
});

describe("lists", () => {
  test("my panels by role, status and ERN, overdue first then urgent, with counts per status", async () => {
    const lister = await panelUser(system, "Lisa", "HP", ["EURACAN", "FR", "FR01"], "Lister");
    const member = await panelUser(system, "Mia", "HP", ["EURACAN", "DE", "DE01"], "Lister");
    const fresh = await enrolPatient(lister);
    const draft = await makePanel(system, lister, fresh, { status: "draft" });
    const open = await makePanel(system, lister, fresh, { members: [member] });
    const urgent = await makePanel(system, lister, fresh, { members: [member] });
    const late = await makePanel(system, lister, fresh);
    const closed = await makePanel(system, lister, fresh, { status: "closed" });
    const invitedTo = await makePanel(system, colleague, fresh);
    const db = system.database.db;
    await db.update(panels).set({ urgency: "urgent" }).where(eq(panels.id, urgent.id));
    await db.update(panels).set({ dueDate: "2026-01-01" }).where(eq(panels.id, late.id));
    await db.update(panels).set({ dueDate: "2026-01-01" }).where(eq(panels.id, closed.id));
    await db.insert(panelMembers).values({
      panelId: invitedTo.id,
      sub: lister.sub,
      name: lister.name,
      ernCode: "EURACAN",
      invitedBySub: colleague.sub,
      invitedByName: colleague.name,
      notifiedAt: new Date(),
    });

    const all = await lister.browser.get("/api/panels");
    assert.equal(all.status, 200, JSON.stringify(all.body));
    // Overdue, then urgent, then by due date (the closed panel's passed long ago), then newest.
    assert.deepEqual(
      all.body.rows.map((r: { id: string }) => r.id),
      [late.id, urgent.id, closed.id, invitedTo.id, open.id, draft.id],
    );
    assert.equal(all.body.rows[0].id, late.id);
    assert.equal(all.body.rows[0].overdue, true);
    assert.equal(all.body.rows[1].id, urgent.id);
    assert.equal(all.body.rows.find((r: { id: string }) => r.id === closed.id).overdue, false);
    assert.equal(all.body.total, 6);
    assert.deepEqual(all.body.counts, { draft: 1, open: 4, awaiting_outcome: 0, closed: 1 });
    // The closed panel's due date passed too, but a closed panel is not overdue.
    assert.equal(all.body.overdue, 1);
    assert.equal(all.body.perPage, 25);
    const openRow = all.body.rows.find((r: { id: string }) => r.id === open.id);
    assert.deepEqual([openRow.role, openRow.members, openRow.contributions, openRow.leadName], ["lead", 2, 0, lister.name]);

    const invited = await lister.browser.get("/api/panels?role=invited");
    assert.deepEqual(
      invited.body.rows.map((r: { id: string; role: string }) => [r.id, r.role]),
      [[invitedTo.id, "invitee"]],
    );
    const leading = await lister.browser.get("/api/panels?role=leading&status=open");
    assert.deepEqual(leading.body.rows.map((r: { id: string }) => r.id).sort(), [open.id, urgent.id, late.id].sort());
    assert.deepEqual(leading.body.counts, { draft: 1, open: 3, awaiting_outcome: 0, closed: 1 });
    const asMember = await member.browser.get("/api/panels?role=member");
    assert.deepEqual(asMember.body.rows.map((r: { id: string }) => r.id).sort(), [open.id, urgent.id].sort());
    assert.equal((await lister.browser.get("/api/panels?ern=ReCONNET")).body.total, 0);
    const managing = await manager.browser.get("/api/panels?role=managing&status=draft");
    assert.ok(managing.body.rows.some((r: { id: string; role: string }) => r.id === draft.id && r.role === "manager"));
    assert.equal((await lister.browser.get("/api/panels?role=boss")).status, 400);
    assert.equal((await lister.browser.get("/api/panels?status=finished")).status, 400);

    const onPatient = await lister.browser.get(`/api/patients/${fresh.id}/panels`);
    assert.equal(onPatient.status, 200);
    assert.equal(onPatient.body.panels.length, 6);
    assert.equal(onPatient.body.panels.find((p: { id: string }) => p.id === invitedTo.id).role, "invitee");
    assert.equal((await outsider.browser.get(`/api/patients/${fresh.id}/panels`)).status, 404);
  });
});

describe("changing, deleting, opening", () => {
  test("the lead or a manager changes a draft or open panel; wrong input changes nothing; new shared files replace the old", async () => {
    const fresh = await enrolPatient(lead);
    const first = await attach(lead, fresh.id);
    const second = await attach(lead, fresh.id);
    const panel = await makePanel(system, lead, fresh, { members: [anna], fileIds: [first] });
    const changed = await manager.browser.request("PATCH", `/api/panels/${panel.id}`, {
      title: "Neoadjuvant chemotherapy?",
      sharedSections: ["clinicalSummary", "diagnoses", "demographics"],
      sharedFileIds: [second],
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.panel.title, "Neoadjuvant chemotherapy?");
    assert.deepEqual(changed.body.panel.sharedSections, ["clinicalSummary", "diagnoses", "demographics"]);
    const files = await system.database.db.select().from(panelFiles).where(eq(panelFiles.panelId, panel.id));
    assert.deepEqual(
      files.map((f) => f.fileId),
      [second],
    );
    const bad = await lead.browser.request("PATCH", `/api/panels/${panel.id}`, { title: "Changed", dueDate: "2020-01-01" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, "dueDate");
    assert.equal((await panelRow(panel.id)).title, "Neoadjuvant chemotherapy?");
    assert.equal((await anna.browser.request("PATCH", `/api/panels/${panel.id}`, { title: "Mine" })).status, 404);
    const empty = await lead.browser.request("PATCH", `/api/panels/${panel.id}`, {});
    assert.equal(empty.status, 400);
    assert.match(empty.body.detail, /at least one/);
    const [audited] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "panel.updated"), sql`${auditEvents.details}->>'panelId' = ${panel.id}`));
    assert.deepEqual(audited.details.fields, ["title", "sharedSections", "sharedFileIds"]);
  });

  test("the lead deletes a draft; nobody else can", async () => {
    const fresh = await enrolPatient(lead);
    const panel = await makePanel(system, lead, fresh, { status: "draft" });
    assert.equal((await manager.browser.request("DELETE", `/api/panels/${panel.id}`)).status, 404);
    const deleted = await lead.browser.request("DELETE", `/api/panels/${panel.id}`);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.equal(await panelRow(panel.id), undefined);
    assert.equal((await lead.browser.get(`/api/panels/${panel.id}`)).status, 404);
  });

  test("opening sends the draft's invitations once, urgent ones marked URGENT; audited", async () => {
    const fresh = await enrolPatient(lead);
    const created = await lead.browser.post(`/api/patients/${fresh.id}/panels`, { ...goodPanel(), urgency: "urgent" });
    const id = created.body.panel.id;
    const invited = await lead.browser.post(`/api/panels/${id}/members`, { invitees: [{ sub: anna.sub, ernCode: "EURACAN" }] });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    const told = () =>
      system.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.sub, anna.sub), eq(notifications.link, `/panels/${id}`)));
    assert.equal((await told()).length, 0);
    const opened = await lead.browser.post(`/api/panels/${id}/open`);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.equal(opened.body.panel.status, "open");
    assert.ok(opened.body.panel.openedAt);
    assert.match(opened.body.message, /invitation is sent/);
    const notices = await told();
    assert.equal(notices.length, 1);
    assert.equal(notices[0].urgent, true);
    assert.equal(notices[0].kind, "panel.invited");
    const mails = await system.database.db.select().from(outbox).where(eq(outbox.to, anna.email));
    const mail = mails.find((m) => m.text.includes(`/panels/${id}`));
    assert.ok(mail);
    assert.match(mail.subject, /URGENT/);
    assert.ok(!mail.text.includes(fresh.pseudonym));
    const [member] = await system.database.db
      .select()
      .from(panelMembers)
      .where(and(eq(panelMembers.panelId, id), eq(panelMembers.sub, anna.sub)));
    assert.ok(member.notifiedAt);
    const [audited] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "panel.opened"), sql`${auditEvents.details}->>'panelId' = ${id}`));
    assert.equal(audited.details.invitationsSent, 1);
  });

  test("members already in a draft (a request's requester) are told when it opens; the lead is not", async () => {
    const fresh = await enrolPatient(lead);
    const draft = await makePanel(system, lead, fresh, { members: [bruno], status: "draft" });
    assert.equal((await lead.browser.post(`/api/panels/${draft.id}/open`)).status, 200);
    const told = async (sub: string) =>
      (
        await system.database.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.sub, sub), eq(notifications.link, `/panels/${draft.id}`)))
      ).map((n) => n.kind);
    assert.deepEqual(await told(bruno.sub), ["panel.opened"]);
    assert.deepEqual(await told(lead.sub), []);
  });
});

describe("illegal transitions", () => {
  test("each is a 409 with code illegal_transition and changes nothing", async () => {
    const fresh = await enrolPatient(lead);
    const open = await makePanel(system, lead, fresh, { members: [anna] });
    const closed = await makePanel(system, lead, fresh, { members: [anna], status: "closed" });
    const awaiting = await makePanel(system, lead, fresh, { members: [anna], status: "awaiting_outcome" });
    const draft = await makePanel(system, lead, fresh, { status: "draft" });
    await system.database.db
      .insert(panelMembers)
      // As if sent: the state machine, not the access check, refuses an answer in a draft.
      .values({
        panelId: draft.id,
        sub: bruno.sub,
        name: bruno.name,
        ernCode: "EURACAN",
        invitedBySub: lead.sub,
        invitedByName: lead.name,
        notifiedAt: new Date(),
      });

    assertIllegal(await lead.browser.request("PATCH", `/api/panels/${closed.id}`, { title: "New title" }), "edit when closed");
    assertIllegal(await lead.browser.request("PATCH", `/api/panels/${awaiting.id}`, { title: "New title" }), "edit when awaiting outcome");
    assertIllegal(await lead.browser.post(`/api/panels/${open.id}/open`), "open when open");
    assertIllegal(await lead.browser.post(`/api/panels/${closed.id}/open`), "open when closed");
    assertIllegal(await lead.browser.request("DELETE", `/api/panels/${open.id}`), "delete when open");
    assertIllegal(await lead.browser.request("DELETE", `/api/panels/${closed.id}`), "delete when closed");
    assertIllegal(await lead.browser.post(`/api/panels/${closed.id}/members`, { invitees: [{ sub: bruno.sub, ernCode: "EURACAN" }] }), "invite when closed");
    assertIllegal(
      await lead.browser.post(`/api/panels/${awaiting.id}/members`, { invitees: [{ sub: bruno.sub, ernCode: "EURACAN" }] }),
      "invite when awaiting",
    );
    assertIllegal(await bruno.browser.post(`/api/panels/${draft.id}/invitation`, { accept: true }), "respond when draft");
    assertIllegal(await lead.browser.request("DELETE", `/api/panels/${closed.id}/members/${anna.sub}`, { reason: "No longer needed" }), "remove when closed");

    for (const panel of [open, closed, awaiting, draft]) {
      const now = await panelRow(panel.id);
      assert.equal(now.status, panel.status);
      assert.equal(now.title, panel.title);
    }
    const rows = await system.database.db.select().from(panelMembers).where(eq(panelMembers.sub, bruno.sub));
    assert.deepEqual(
      rows.filter((r) => [open.id, closed.id, awaiting.id, draft.id].includes(r.panelId)).map((r) => [r.panelId, r.status]),
      [[draft.id, "invited"]],
    );
    const [anyRemoved] = await system.database.db
      .select()
      .from(panelMembers)
      .where(and(eq(panelMembers.panelId, closed.id), eq(panelMembers.sub, anna.sub)));
    assert.equal(anyRemoved.status, "accepted");
  });
});
