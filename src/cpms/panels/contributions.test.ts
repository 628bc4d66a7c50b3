/*
 * Contributions, the discussion thread and reminders, over real HTTP on a
 * real database: a draft only its author sees until submitted, the lead
 * told of a submission (notification and mail); no contribution outside an
 * open panel, nothing stored by a refused request; removed members,
 * non-members and members of another ERN see nothing (404), a manager who
 * is not a member does not contribute (403); mentions only of members;
 * requests for more information reach the lead and the answer its author;
 * reminders only to those who have not contributed or answered, at most
 * once an hour.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import type { System } from "../../system.ts";
import { startCpmsTestSystem } from "../authorizations/testing.ts";
import { notifications } from "../notifications/tables.ts";
import { patients } from "../patients/tables.ts";
import { PNG, sendFile } from "../files/testing.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { othersDraftFileIds } from "./contributions.ts";
import { panelContributions, panelFiles, panelMessages, panels } from "./tables.ts";
import { enrolPatient, makePanel, type PanelTestUser, panelUser, setMemberStatus } from "./testing.ts";

let system: System;
let lead: PanelTestUser;
let anna: PanelTestUser;
let bruno: PanelTestUser;
let carla: PanelTestUser;
let dora: PanelTestUser;
let outsider: PanelTestUser;
let manager: PanelTestUser;
let abroad: PanelTestUser;
let patient: { id: string; pseudonym: string };

const NOT_FOUND = "Not found or no access.";
const db = () => system.database.db;

const contribute = (user: PanelTestUser, panelId: string, body: object) => user.browser.request("PUT", `/api/panels/${panelId}/contribution`, body);
const post = (user: PanelTestUser, panelId: string, body: object) => user.browser.post(`/api/panels/${panelId}/messages`, body);
const remindAll = (user: PanelTestUser, panelId: string) => user.browser.post(`/api/panels/${panelId}/reminders`);
const draft = { assessment: "Large mass, high grade.", investigations: "MRI of the pelvis.", recommendation: "Neoadjuvant radiotherapy.", attachmentIds: [] };

const noticesOf = (user: PanelTestUser, kind?: string) =>
  db()
    .select()
    .from(notifications)
    .where(kind ? and(eq(notifications.sub, user.sub), eq(notifications.kind, kind)) : eq(notifications.sub, user.sub));
const mailsTo = (user: PanelTestUser) => db().select().from(outbox).where(eq(outbox.to, user.email));
const contributionsOf = (panelId: string) => db().select().from(panelContributions).where(eq(panelContributions.panelId, panelId));
async function stage(user: PanelTestUser, name: string): Promise<string> {
  const answer = await sendFile(user.browser, "/api/uploads", { name, type: "image/png", content: PNG }, { kind: "panel_file" });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.file.id;
}
const messagesOf = (panelId: string) => db().select().from(panelMessages).where(eq(panelMessages.panelId, panelId));

before(async () => {
  system = await startCpmsTestSystem();
  lead = await panelUser(system, "Lena", "HP", ["EURACAN", "FR", "FR01"], "Lead");
  anna = await panelUser(system, "Anna", "HP", ["EURACAN", "DE", "DE01"], "Member");
  bruno = await panelUser(system, "Bruno", "HP", ["EURACAN", "IT", "IT01"], "Member");
  carla = await panelUser(system, "Carla", "HP", ["EURACAN", "FR", "FR36"], "Member");
  dora = await panelUser(system, "Dora", "HP", ["EURACAN", "FR", "FR03"], "Invitee");
  outsider = await panelUser(system, "Oscar", "HP", ["EURACAN", "FR", "FR12"], "Outsider");
  manager = await panelUser(system, "Mona", "Panel Manager ERN", ["EURACAN", "DE", "DE01"], "Manager");
  abroad = await panelUser(system, "Ivo", "HP", ["ReCONNET", "IT", "IT08"], "Abroad");
  patient = await enrolPatient(lead);
});

after(async () => {
  await system?.close();
});

describe("contributing", () => {
  test("a draft only its author sees; submitting tells the lead by notification and mail; editing keeps it submitted", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, bruno] });
    const saved = await contribute(anna, panel.id, { ...draft, submit: false });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.contribution.submittedAt, null);
    assert.equal(saved.body.contribution.recommendation, "Neoadjuvant radiotherapy.");
    assert.match(saved.body.message, /only you see it/);

    const seenByAnna = await anna.browser.get(`/api/panels/${panel.id}`);
    assert.equal(seenByAnna.status, 200, JSON.stringify(seenByAnna.body));
    assert.deepEqual(
      seenByAnna.body.panel.contributions.map((c: { authorName: string; submittedAt: string | null }) => [c.authorName, c.submittedAt]),
      [["Anna Member", null]],
    );
    const seenByLead = await lead.browser.get(`/api/panels/${panel.id}`);
    assert.deepEqual(seenByLead.body.panel.contributions, []);
    assert.deepEqual(await noticesOf(lead, "panel.contribution"), []);

    // Submitting without a recommendation is refused on its field and changes nothing.
    const empty = await contribute(anna, panel.id, { ...draft, recommendation: "  ", submit: true });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.errors[0].field, "recommendation");
    const [kept] = await contributionsOf(panel.id);
    assert.deepEqual([kept.recommendation, kept.submittedAt], ["Neoadjuvant radiotherapy.", null]);

    const submitted = await contribute(anna, panel.id, { ...draft, submit: true });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.ok(submitted.body.contribution.submittedAt);
    assert.match(submitted.body.message, /submitted/);
    const [notice] = await noticesOf(lead, "panel.contribution");
    assert.equal(notice.title, `Anna Member contributed to panel ${panel.reference}`);
    assert.equal(notice.link, `/panels/${panel.id}`);
    assert.equal(notice.readAt, null);
    const mails = await mailsTo(lead);
    assert.equal(mails.length, 1);
    assert.equal(mails[0].subject, `CPMS: Anna Member contributed to panel ${panel.reference}`);
    assert.ok(mails[0].text.includes(`/panels/${panel.id}`));
    assert.ok(mails[0].text.includes(patient.pseudonym));
    assert.ok(!/neoadjuvant/i.test(mails[0].text + mails[0].subject), "the mail carries neither the title nor the contribution");

    const nowSeen = await lead.browser.get(`/api/panels/${panel.id}`);
    assert.deepEqual(
      nowSeen.body.panel.contributions.map((c: { authorName: string; recommendation: string }) => [c.authorName, c.recommendation]),
      [["Anna Member", "Neoadjuvant radiotherapy."]],
    );
    assert.equal(nowSeen.body.panel.you.contributed, false);

    // An edit keeps it submitted, tells nobody again, and may not drop the recommendation.
    const edited = await contribute(anna, panel.id, { ...draft, recommendation: "Radiotherapy, then surgery.", submit: false });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.contribution.submittedAt, submitted.body.contribution.submittedAt);
    assert.equal(edited.body.contribution.recommendation, "Radiotherapy, then surgery.");
    const dropped = await contribute(anna, panel.id, { ...draft, recommendation: "", submit: false });
    assert.equal(dropped.status, 400);
    assert.equal(dropped.body.errors[0].field, "recommendation");
    assert.equal((await noticesOf(lead, "panel.contribution")).length, 1);
    assert.equal((await contributionsOf(panel.id)).length, 1, "one contribution per member");

    // The lead contributes too, and is not told of their own contribution.
    const own = await contribute(lead, panel.id, { ...draft, submit: true });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal((await noticesOf(lead, "panel.contribution")).length, 1);

    const types = (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, patient.id)))
      .filter((e) => (e.details as { panelId?: string }).panelId === panel.id)
      .map((e) => `${(e.details as { actorName: string }).actorName}|${e.type}`);
    assert.ok(types.includes("Anna Member|panel.contribution_saved"), types.join("\n"));
    assert.ok(types.includes("Anna Member|panel.contribution_submitted"), types.join("\n"));
  });

  test("attachments: the author's own uploads, kept with the contribution and the message", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, bruno] });
    const mine = await stage(anna, "mri.png");
    const theirs = await stage(bruno, "ct.png");
    const stolen = await contribute(anna, panel.id, { ...draft, attachmentIds: [mine, theirs], submit: false });
    assert.equal(stolen.status, 400);
    assert.equal(stolen.body.errors[0].field, "attachmentIds");
    assert.deepEqual(await contributionsOf(panel.id), []);

    const saved = await contribute(anna, panel.id, { ...draft, attachmentIds: [mine], submit: true });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(
      saved.body.contribution.attachments.map((f: { id: string; name: string; source: string; addedByName: string }) => [
        f.id,
        f.name,
        f.source,
        f.addedByName,
      ]),
      [[mine, "mri.png", "contribution", "Anna Member"]],
    );
    // Saved again with the same file: it is already the panel's.
    const again = await contribute(anna, panel.id, { ...draft, attachmentIds: [mine], submit: true });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.contribution.attachments.length, 1);

    const posted = await post(bruno, panel.id, { body: "The CT is attached.", attachmentIds: [theirs] });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    assert.deepEqual(
      posted.body.message.attachments.map((f: { name: string }) => f.name),
      ["ct.png"],
    );
    const seen = await lead.browser.get(`/api/panels/${panel.id}`);
    assert.deepEqual(
      seen.body.panel.contributions.map((c: { attachments: { name: string }[] }) => c.attachments.map((f) => f.name)),
      [["mri.png"]],
    );
    assert.deepEqual(
      seen.body.panel.messages.map((m: { attachments: { name: string }[] }) => m.attachments.map((f) => f.name)),
      [["ct.png"]],
    );

    // A file taken off the contribution leaves the panel's files; one a message carries stays.
    const taken = await contribute(anna, panel.id, { ...draft, attachmentIds: [], submit: true });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    assert.deepEqual(taken.body.contribution.attachments, []);
    const held = await db().select().from(panelFiles).where(eq(panelFiles.panelId, panel.id));
    assert.deepEqual(
      held.map((row) => row.fileId),
      [theirs],
    );
    const listed = await lead.browser.get(`/api/panels/${panel.id}`);
    assert.deepEqual(
      listed.body.panel.files.map((f: { name: string }) => f.name),
      ["ct.png"],
    );
  });

  test("the files of a member's draft are hidden from the others until submitted", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, bruno] });
    const draftFile = await stage(bruno, "draft.png");
    const shownFile = await stage(bruno, "shown.png");
    assert.equal((await contribute(bruno, panel.id, { ...draft, attachmentIds: [draftFile, shownFile], submit: false })).status, 200);
    assert.equal((await post(bruno, panel.id, { body: "See this one.", attachmentIds: [shownFile] })).status, 201);
    assert.deepEqual([...(await othersDraftFileIds(db(), panel.id, anna.sub))], [draftFile]);
    assert.deepEqual([...(await othersDraftFileIds(db(), panel.id, bruno.sub))], []);
    assert.equal((await contribute(bruno, panel.id, { ...draft, attachmentIds: [draftFile, shownFile], submit: true })).status, 200);
    assert.deepEqual([...(await othersDraftFileIds(db(), panel.id, anna.sub))], []);
  });

  test("wrong input is a field error that stores nothing", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna] });
    const long = await contribute(anna, panel.id, { ...draft, assessment: "x".repeat(20_001), submit: false });
    assert.equal(long.status, 400);
    assert.equal(long.body.errors[0].field, "assessment");
    const many = await contribute(anna, panel.id, { ...draft, attachmentIds: Array.from({ length: 11 }, () => randomUUID()), submit: false });
    assert.equal(many.status, 400);
    assert.equal(many.body.errors[0].field, "attachmentIds");
    const missing = await contribute(anna, panel.id, { assessment: "", investigations: "" });
    assert.equal(missing.status, 400);
    assert.ok(missing.body.errors.some((e: { field: string }) => e.field === "recommendation"));
    assert.deepEqual(await contributionsOf(panel.id), []);
  });

  for (const status of ["draft", "awaiting_outcome", "closed"] as const) {
    test(`no contribution while the panel is ${status}: 409 illegal_transition, nothing stored`, async () => {
      const panel = await makePanel(system, lead, patient, { members: [anna], status });
      const refused = await contribute(anna, panel.id, { ...draft, submit: true });
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "illegal_transition");
      assert.equal(refused.body.action, "contribute");
      assert.equal(refused.body.status, status);
      assert.ok(refused.body.detail.length > 10);
      assert.deepEqual(await contributionsOf(panel.id), []);
      assert.deepEqual(await noticesOf(lead, "panel.contribution").then((rows) => rows.filter((n) => n.link.includes(panel.id))), []);
    });
  }

  test("without the patient's consent for care the panel cannot go on (409)", async () => {
    const other = await enrolPatient(lead);
    const panel = await makePanel(system, lead, other, { members: [anna] });
    await db().update(patients).set({ consentCare: false }).where(eq(patients.id, other.id));
    const refused = await contribute(anna, panel.id, { ...draft, submit: true });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /consent for care/);
    const message = await post(anna, panel.id, { body: "Any news?" });
    assert.equal(message.status, 409);
    assert.deepEqual(await contributionsOf(panel.id), []);
    assert.deepEqual(await messagesOf(panel.id), []);
  });
});

describe("who may contribute and post", () => {
  test("a removed member, a non-member, a member of another ERN: 404; a manager who is not a member: 403", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, carla] });
    await setMemberStatus(system, panel.id, carla.sub, "removed");
    for (const user of [carla, outsider, abroad]) {
      const refused = await contribute(user, panel.id, { ...draft, submit: true });
      assert.deepEqual([refused.status, refused.body.detail], [404, NOT_FOUND], user.name);
      const message = await post(user, panel.id, { body: "Hello" });
      assert.deepEqual([message.status, message.body.detail], [404, NOT_FOUND], user.name);
      const reminder = await remindAll(user, panel.id);
      assert.deepEqual([reminder.status, reminder.body.detail], [404, NOT_FOUND], user.name);
    }
    const managing = await contribute(manager, panel.id, { ...draft, submit: true });
    assert.deepEqual([managing.status, managing.body.detail], [403, "Only the panel's members contribute."]);
    assert.deepEqual(await contributionsOf(panel.id), []);
    // The manager assists the lead in the discussion, though.
    const managerPost = await post(manager, panel.id, { body: "The due date is near." });
    assert.equal(managerPost.status, 201, JSON.stringify(managerPost.body));
    await db().delete(panelMessages).where(eq(panelMessages.id, managerPost.body.message.id));
    // An invitee who has not answered neither contributes nor posts.
    await setMemberStatus(system, panel.id, carla.sub, "invited");
    assert.equal((await contribute(carla, panel.id, { ...draft, submit: true })).status, 404);
    assert.equal((await post(carla, panel.id, { body: "Hello" })).status, 404);
    // Ids that are no panel, or not a uuid.
    assert.equal((await contribute(anna, randomUUID(), { ...draft, submit: true })).status, 404);
    assert.equal((await post(anna, "not-a-panel", { body: "Hello" })).status, 404);
    assert.deepEqual(await contributionsOf(panel.id), []);
    assert.deepEqual(await messagesOf(panel.id), []);
    // A member only reminds when managing the panel.
    assert.equal((await remindAll(anna, panel.id)).status, 404);
  });
});

describe("the discussion", () => {
  test("mentions name members only, and tell them; the thread shows names oldest first", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, bruno] });
    const stranger = await post(anna, panel.id, { body: `What do you think, @[Oscar Outsider](${outsider.sub})?` });
    assert.equal(stranger.status, 400);
    assert.equal(stranger.body.errors[0].field, "body");
    assert.match(stranger.body.detail, /Oscar Outsider is not a member/);
    assert.deepEqual(await messagesOf(panel.id), []);
    assert.deepEqual(await noticesOf(outsider), []);

    const first = await post(anna, panel.id, { body: `@[Bruno Member](${bruno.sub}) did you see the MRI?` });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body.message.mentions, [{ sub: bruno.sub, name: "Bruno Member" }]);
    assert.equal(first.body.message.kind, "message");
    const [mention] = await noticesOf(bruno, "panel.mention");
    assert.equal(mention.title, `Anna Member mentioned you in panel ${panel.reference}`);
    assert.equal((await mailsTo(bruno)).filter((m) => m.subject.includes(panel.reference)).length, 1);
    assert.deepEqual(await noticesOf(lead, "panel.mention"), []);

    const second = await post(bruno, panel.id, { body: "Yes, it shows invasion.", replyTo: first.body.message.id });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(second.body.message.replyTo, first.body.message.id);

    const thread = await lead.browser.get(`/api/panels/${panel.id}`);
    assert.deepEqual(
      thread.body.panel.messages.map((m: { authorName: string; body: string; mentions: { name: string }[] }) => [
        m.authorName,
        m.body,
        m.mentions.map((x) => x.name),
      ]),
      [
        ["Anna Member", `@[Bruno Member](${bruno.sub}) did you see the MRI?`, ["Bruno Member"]],
        ["Bruno Member", "Yes, it shows invasion.", []],
      ],
    );
    const audited = (await db().select().from(auditEvents).where(eq(auditEvents.type, "panel.message_posted"))).filter(
      (e) => (e.details as { panelId?: string }).panelId === panel.id,
    );
    assert.equal(audited.length, 2);

    // Messages go on while awaiting the outcome, not in a closed panel.
    await db().update(panels).set({ status: "awaiting_outcome" }).where(eq(panels.id, panel.id));
    assert.equal((await post(anna, panel.id, { body: "One more thought." })).status, 201);
    await db().update(panels).set({ status: "closed" }).where(eq(panels.id, panel.id));
    const closed = await post(anna, panel.id, { body: "Too late?" });
    assert.deepEqual([closed.status, closed.body.code, closed.body.action], [409, "illegal_transition", "message"]);
    assert.equal((await messagesOf(panel.id)).length, 3);
  });

  test("a request for more information reaches the lead; the answer reaches its author", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, bruno] });
    const other = await makePanel(system, lead, patient, { members: [anna] });
    const asked = await post(anna, panel.id, { body: "Is there a recent CT?", kind: "info_request" });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    assert.equal(asked.body.message.kind, "info_request");
    const requests = (await noticesOf(lead, "panel.info_request")).filter((n) => n.link === `/panels/${panel.id}`);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].title, `Anna Member asks for more information in panel ${panel.reference}`);
    assert.deepEqual(await noticesOf(bruno, "panel.info_request"), []);

    const wrongPanel = await post(lead, other.id, { body: "Here it is.", replyTo: asked.body.message.id });
    assert.equal(wrongPanel.status, 400);
    assert.equal(wrongPanel.body.errors[0].field, "replyTo");
    const notUuid = await post(lead, panel.id, { body: "Here it is.", replyTo: "42" });
    assert.equal(notUuid.status, 400);
    assert.equal(notUuid.body.errors[0].field, "replyTo");
    const leadAsks = await post(lead, panel.id, { body: "Anyone?", kind: "info_request" });
    assert.equal(leadAsks.status, 400);
    assert.equal(leadAsks.body.errors[0].field, "kind");
    const badKind = await post(anna, panel.id, { body: "Hi", kind: "reminder" });
    assert.equal(badKind.status, 400);
    assert.equal(badKind.body.errors[0].field, "kind");
    const blank = await post(anna, panel.id, { body: "   " });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.errors[0].field, "body");
    assert.equal((await messagesOf(panel.id)).length, 1);
    assert.deepEqual(await messagesOf(other.id), []);

    const answered = await post(lead, panel.id, { body: "CT from last week is in the files.", replyTo: asked.body.message.id.toUpperCase() });
    assert.equal(answered.status, 201, JSON.stringify(answered.body));
    assert.equal(answered.body.message.replyTo, asked.body.message.id);
    const [answer] = await noticesOf(anna, "panel.info_answered");
    assert.equal(answer.title, `Lena Lead answered your request in panel ${panel.reference}`);
    assert.deepEqual(await noticesOf(bruno, "panel.info_answered"), []);
  });
});

describe("reminders", () => {
  test("only members who have not contributed and invitees who have not answered, at most once an hour", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, bruno, dora, carla] });
    await setMemberStatus(system, panel.id, dora.sub, "invited");
    await setMemberStatus(system, panel.id, carla.sub, "removed");
    assert.equal((await contribute(anna, panel.id, { ...draft, submit: true })).status, 200);
    const before = { anna: (await mailsTo(anna)).length, lead: (await mailsTo(lead)).length };

    const sent = await remindAll(lead, panel.id);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.reminded, 2);
    assert.match(sent.body.message, /2 people/);
    const [brunoNotice] = await noticesOf(bruno, "panel.reminder");
    assert.equal(brunoNotice.title, `Reminder: your contribution to panel ${panel.reference}`);
    const [doraNotice] = await noticesOf(dora, "panel.reminder");
    assert.equal(doraNotice.title, `Reminder: you are invited to panel ${panel.reference}`);
    assert.deepEqual(await noticesOf(anna, "panel.reminder"), []);
    assert.deepEqual(await noticesOf(carla, "panel.reminder"), []);
    assert.deepEqual(await noticesOf(lead, "panel.reminder"), []);
    assert.equal((await mailsTo(anna)).length, before.anna);
    assert.equal((await mailsTo(lead)).length, before.lead);
    assert.ok((await mailsTo(bruno)).some((m) => m.subject === `CPMS: Reminder: your contribution to panel ${panel.reference}`));
    const thread = await messagesOf(panel.id);
    assert.equal(thread.length, 1);
    assert.equal(thread[0].kind, "reminder");
    assert.match(thread[0].body, /Not contributed yet: Bruno Member\. Invitation not answered: Dora Invitee\./);

    // Within the hour: refused with the time it can go again, nobody told twice.
    const again = await remindAll(manager, panel.id);
    assert.equal(again.status, 429, JSON.stringify(again.body));
    assert.match(again.body.detail, /members can be reminded again from \d\d:\d\d UTC/);
    assert.ok(Number(again.headers["retry-after"]) > 3500);
    assert.equal((await noticesOf(bruno, "panel.reminder")).length, 1);
    assert.equal((await messagesOf(panel.id)).length, 1);

    // An hour later a manager may remind again.
    await db()
      .update(panels)
      .set({ remindedAt: new Date(Date.now() - 61 * 60_000) })
      .where(eq(panels.id, panel.id));
    const later = await remindAll(manager, panel.id);
    assert.equal(later.status, 200, JSON.stringify(later.body));
    assert.equal((await noticesOf(bruno, "panel.reminder")).length, 2);

    // Once everyone has contributed and answered, there is nobody to remind.
    await db().update(panels).set({ remindedAt: null }).where(eq(panels.id, panel.id));
    await setMemberStatus(system, panel.id, dora.sub, "declined");
    assert.equal((await contribute(bruno, panel.id, { ...draft, submit: true })).status, 200);
    const nobody = await remindAll(lead, panel.id);
    assert.equal(nobody.status, 409);
    assert.match(nobody.body.detail, /Nobody to remind/);
  });

  test("no reminders outside an open panel", async () => {
    for (const status of ["draft", "awaiting_outcome", "closed"] as const) {
      const panel = await makePanel(system, lead, patient, { members: [bruno], status });
      const refused = await remindAll(lead, panel.id);
      assert.deepEqual([refused.status, refused.body.code, refused.body.status], [409, "illegal_transition", status]);
      const [row] = await db().select().from(panels).where(eq(panels.id, panel.id));
      assert.equal(row.remindedAt, null);
      assert.deepEqual(await messagesOf(panel.id), []);
    }
  });
});
