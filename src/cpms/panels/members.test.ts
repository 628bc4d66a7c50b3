/*
 * A panel's members over real HTTP on a real database: suggestions from the
 * thematic area's expert group (in the panel's ERN, or another ERN's area of
 * the same name, or all its experts); invitations — in a draft they go out
 * when the panel opens, on an open panel at once (urgent ones marked) —
 * checked against the directory and refused with nothing changed when
 * wrong; the invitee accepts or declines and the lead is told; a removed
 * member loses access at once and is told without patient data.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { System } from "../../system.ts";
import { startCpmsTestSystem } from "../authorizations/testing.ts";
import { notifications } from "../notifications/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { thematicAreas } from "../preferences/tables.ts";
import { panelMembers } from "./tables.ts";
import { enrolPatient, firstArea, makePanel, type PanelTestUser, panelUser } from "./testing.ts";

let system: System;
let lead: PanelTestUser;
let pmHcp: PanelTestUser;
let dora: PanelTestUser;
let felix: PanelTestUser;
let quiet: PanelTestUser;
let ivo: PanelTestUser;
let iris: PanelTestUser;
let researcher: PanelTestUser;
let outsider: PanelTestUser;
let patient: { id: string; pseudonym: string };
let area: { id: string; name: string };

const NOT_FOUND = "Not found or no access.";
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function choose(user: PanelTestUser, ernCode: string, areaIds: string[]) {
  const saved = await user.browser.request("PUT", `/api/erns/${ernCode}/preferences`, { professionalRole: "Oncologist", areaIds });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
}

async function newPanel(urgency: "routine" | "urgent" = "routine"): Promise<string> {
  const created = await lead.browser.post(`/api/patients/${patient.id}/panels`, {
    title: "Desmoid tumour: watch and wait?",
    question: "Is active surveillance reasonable here?",
    thematicAreaId: area.id,
    urgency,
    dueDate: dayFromToday(10),
    sharedSections: ["clinicalSummary"],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.panel.id;
}

const invite = (user: PanelTestUser, panelId: string, invitees: object[], note?: string) =>
  user.browser.post(`/api/panels/${panelId}/members`, note === undefined ? { invitees } : { invitees, note });
const noticesFor = (user: PanelTestUser, panelId: string) =>
  system.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.sub, user.sub), sql`${notifications.link} like ${`/panels/${panelId}%`}`));
const memberRows = (panelId: string) => system.database.db.select().from(panelMembers).where(eq(panelMembers.panelId, panelId));

before(async () => {
  system = await startCpmsTestSystem();
  lead = await panelUser(system, "Lena", "HP", ["EURACAN", "FR", "FR01"], "Lead");
  pmHcp = await panelUser(system, "Paul", "Panel Manager HCP", ["EURACAN", "FR", "FR01"], "Manager");
  dora = await panelUser(system, "Dora", "HP", ["EURACAN", "DE", "DE01"], "Expert");
  felix = await panelUser(system, "Felix", "HP", ["EURACAN", "FR", "FR03"], "Expert");
  quiet = await panelUser(system, "Quentin", "HP", ["EURACAN", "DE", "DE01"], "Quiet");
  ivo = await panelUser(system, "Ivo", "HP", ["ReCONNET", "IT", "IT08"], "Abroad");
  iris = await panelUser(system, "Iris", "HP", ["ReCONNET", "IT", "IT08"], "Abroad");
  researcher = await panelUser(system, "Rita", "Researcher", ["EURACAN", "FR", "FR01"], "Researcher");
  outsider = await panelUser(system, "Oscar", "HP", ["EURACAN", "FR", "FR03"], "Outsider");
  patient = await enrolPatient(lead);
  area = await firstArea(system, "EURACAN");
  const [reconnetArea] = await system.database.db.select().from(thematicAreas).where(eq(thematicAreas.ernCode, "ReCONNET")).limit(1);
  await choose(lead, "EURACAN", [area.id]);
  await choose(dora, "EURACAN", [area.id]);
  await choose(felix, "EURACAN", [area.id]);
  await choose(ivo, "ReCONNET", [reconnetArea.id]);
});

after(async () => {
  await system?.close();
});

describe("suggestions", () => {
  test("the HPs who chose the panel's area, not the lead; another ERN's experts when asked; those invited marked", async () => {
    const id = await newPanel();
    const own = await lead.browser.get(`/api/panels/${id}/suggestions`);
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.deepEqual(
      own.body.suggestions.map((s: { name: string; ernCode: string; alreadyInvited: boolean }) => [s.name, s.ernCode, s.alreadyInvited]),
      [
        [dora.name, "EURACAN", false],
        [felix.name, "EURACAN", false],
      ],
    );
    assert.deepEqual(own.body.suggestions[0].providers[0].countryCode, "DE");

    // ReCONNET offers no area of that name: all its experts are suggested.
    const abroad = await lead.browser.get(`/api/panels/${id}/suggestions?ern=ReCONNET`);
    assert.deepEqual(
      abroad.body.suggestions.map((s: { name: string; ernCode: string }) => [s.name, s.ernCode]),
      [[ivo.name, "ReCONNET"]],
    );
    // Once it offers an area of the same name (in other letters' case), only those who chose it.
    const [same] = await system.database.db.insert(thematicAreas).values({ ernCode: "ReCONNET", name: area.name.toUpperCase(), sortOrder: 99 }).returning();
    await choose(iris, "ReCONNET", [same.id]);
    const named = await lead.browser.get(`/api/panels/${id}/suggestions?ern=ReCONNET`);
    assert.deepEqual(
      named.body.suggestions.map((s: { name: string }) => s.name),
      [iris.name],
    );

    assert.equal((await invite(lead, id, [{ sub: dora.sub, ernCode: "EURACAN", viaThematicArea: true }])).status, 201);
    const marked = await pmHcp.browser.get(`/api/panels/${id}/suggestions`);
    assert.equal(marked.status, 200);
    assert.deepEqual(
      marked.body.suggestions.map((s: { name: string; alreadyInvited: boolean }) => [s.name, s.alreadyInvited]),
      [
        [dora.name, true],
        [felix.name, false],
      ],
    );
    for (const user of [dora, outsider, researcher]) assert.equal((await user.browser.get(`/api/panels/${id}/suggestions`)).status, 404, user.name);
  });
});

describe("invitations", () => {
  test("invited in a draft from the area's experts and from another ERN; told when the panel opens; accepting opens the data, declining tells the lead", async () => {
    const id = await newPanel();
    const invited = await invite(
      lead,
      id,
      [
        { sub: felix.sub, ernCode: "EURACAN", viaThematicArea: true },
        { sub: ivo.sub, ernCode: "ReCONNET" },
      ],
      "Your view on surveillance would help.",
    );
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    assert.match(invited.body.message, /when the panel opens/);
    assert.deepEqual(
      invited.body.members.map((m: { name: string; status: string; ernCode: string; viaThematicArea: boolean; countryCode: string; invitedByName: string }) => [
        m.name,
        m.status,
        m.ernCode,
        m.viaThematicArea,
        m.countryCode,
        m.invitedByName,
      ]),
      [
        [felix.name, "invited", "EURACAN", true, "FR", lead.name],
        [ivo.name, "invited", "ReCONNET", false, "IT", lead.name],
      ],
    );
    assert.match(invited.body.members[1].providerLabel, /^IT08 - /);
    assert.equal((await noticesFor(ivo, id)).length, 0);
    const listed = async () => (await ivo.browser.get("/api/panels?role=invited")).body.rows.map((r: { id: string }) => r.id);
    assert.deepEqual(await listed(), []);
    // Not sent yet: the draft's invitee does not reach the panel by its address either.
    assert.equal((await ivo.browser.get(`/api/panels/${id}`)).status, 404);

    const opened = await lead.browser.post(`/api/panels/${id}/open`);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.deepEqual(await listed(), [id]);
    for (const user of [felix, ivo]) {
      const notices = await noticesFor(user, id);
      assert.deepEqual(
        notices.map((n) => [n.kind, n.urgent]),
        [["panel.invited", false]],
        user.name,
      );
      const mails = (await system.database.db.select().from(outbox).where(eq(outbox.to, user.email))).filter((m) => m.text.includes(`/panels/${id}`));
      assert.equal(mails.length, 1);
      assert.ok(!mails[0].subject.includes("URGENT"));
      // The note and the panel's title are free text: in CPMS only, never mailed.
      assert.ok(!mails[0].text.includes("Your view on surveillance"), mails[0].text);
      assert.match(notices[0].body, /Note: Your view on surveillance would help/);
    }

    const before = await ivo.browser.get(`/api/panels/${id}`);
    assert.equal(before.body.panel.shared, null);
    const accepted = await ivo.browser.post(`/api/panels/${id}/invitation`, { accept: true });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.panel.you.role, "member");
    assert.deepEqual(Object.keys(accepted.body.panel.shared.record), ["clinicalSummary"]);
    const again = await ivo.browser.post(`/api/panels/${id}/invitation`, { accept: false });
    assert.equal(again.status, 409);

    const declined = await felix.browser.post(`/api/panels/${id}/invitation`, { accept: false, reason: "Away until next month." });
    assert.equal(declined.status, 200, JSON.stringify(declined.body));
    assert.equal(declined.body.panel, null);
    assert.equal((await felix.browser.get(`/api/panels/${id}`)).status, 404);
    const rows = await memberRows(id);
    const felixRow = rows.find((r) => r.sub === felix.sub);
    assert.deepEqual([felixRow?.status, felixRow?.declineReason], ["declined", "Away until next month."]);
    assert.equal(rows.find((r) => r.sub === ivo.sub)?.status, "accepted");
    const leadNotices = await noticesFor(lead, id);
    assert.deepEqual(leadNotices.map((n) => n.kind).sort(), ["panel.invitation_accepted", "panel.invitation_declined"]);
    assert.ok(leadNotices.some((n) => n.body.includes("Away until next month.")));
    const audited = await system.database.db.select({ type: auditEvents.type }).from(auditEvents).where(sql`${auditEvents.details}->>'panelId' = ${id}`);
    const types = audited.map((a) => a.type);
    for (const type of ["panel.member_invited", "panel.opened", "panel.invitation_accepted", "panel.invitation_declined"])
      assert.ok(types.includes(type), type);

    // A person who declined may be asked again; on an open panel they are told at once.
    const reinvited = await invite(pmHcp, id, [{ sub: felix.sub, ernCode: "EURACAN" }]);
    assert.equal(reinvited.status, 201, JSON.stringify(reinvited.body));
    assert.match(reinvited.body.message, /told by mail/);
    const row = (await memberRows(id)).find((r) => r.sub === felix.sub);
    assert.deepEqual([row?.status, row?.declineReason, row?.invitedByName], ["invited", null, pmHcp.name]);
    assert.ok(row?.notifiedAt);
    assert.equal((await noticesFor(felix, id)).length, 2);
  });

  test("an urgent open panel tells its invitees at once, marked URGENT", async () => {
    const id = await newPanel("urgent");
    assert.equal((await lead.browser.post(`/api/panels/${id}/open`)).status, 200);
    assert.equal((await invite(lead, id, [{ sub: quiet.sub, ernCode: "EURACAN" }])).status, 201);
    const [notice] = await noticesFor(quiet, id);
    assert.deepEqual([notice.kind, notice.urgent], ["panel.invited", true]);
    const mails = (await system.database.db.select().from(outbox).where(eq(outbox.to, quiet.email))).filter((m) => m.text.includes(`/panels/${id}`));
    assert.equal(mails.length, 1);
    assert.match(mails[0].subject, /^CPMS: URGENT/);
    assert.ok(!mails[0].text.includes(patient.pseudonym));
  });

  test("wrong invitations are refused and change nothing", async () => {
    const id = await newPanel();
    assert.equal((await invite(lead, id, [{ sub: dora.sub, ernCode: "EURACAN" }])).status, 201);
    const before = await memberRows(id);
    const cases: [object[], number, RegExp][] = [
      [[{ sub: lead.sub, ernCode: "EURACAN" }], 400, /leads this panel/],
      [[{ sub: researcher.sub, ernCode: "EURACAN" }], 400, /no HP, coordinator or panel manager profile in EURACAN/],
      [[{ sub: felix.sub, ernCode: "ReCONNET" }], 400, /in ReCONNET/],
      [[{ sub: "nobody-at-all", ernCode: "EURACAN" }], 400, /profile/],
      [
        [
          { sub: felix.sub, ernCode: "EURACAN" },
          { sub: felix.sub, ernCode: "EURACAN" },
        ],
        400,
        /once/,
      ],
      [
        [
          { sub: felix.sub, ernCode: "EURACAN" },
          { sub: dora.sub, ernCode: "EURACAN" },
        ],
        409,
        /already invited/,
      ],
      [Array.from({ length: 51 }, (_, i) => ({ sub: `someone-${i}`, ernCode: "EURACAN" })), 400, /between 1 and 50/],
      [[], 400, /between 1 and 50/],
    ];
    for (const [invitees, status, detail] of cases) {
      const answer = await invite(lead, id, invitees);
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.match(answer.body.detail, detail);
      if (status === 400) assert.equal(answer.body.errors[0].field, "invitees");
    }
    for (const user of [dora, outsider, researcher]) {
      const answer = await invite(user, id, [{ sub: felix.sub, ernCode: "EURACAN" }]);
      assert.deepEqual([answer.status, answer.body.detail], [404, NOT_FOUND], user.name);
    }
    assert.deepEqual(await memberRows(id), before);
  });

  test("only an invitee answers an invitation", async () => {
    const panel = await makePanel(system, lead, patient, { members: [dora] });
    assert.equal((await lead.browser.post(`/api/panels/${panel.id}/invitation`, { accept: true })).status, 404);
    assert.equal((await outsider.browser.post(`/api/panels/${panel.id}/invitation`, { accept: true })).status, 404);
    assert.equal((await dora.browser.post(`/api/panels/${panel.id}/invitation`, { accept: true })).status, 409);
    assert.equal((await dora.browser.post(`/api/panels/${panel.id}/invitation`, { accept: "yes" })).status, 400);
  });
});

describe("removing a member", () => {
  test("the removed member loses access at once and is told without patient data; the lead cannot be removed", async () => {
    const panel = await makePanel(system, lead, patient, { members: [dora, ivo] });
    assert.equal((await ivo.browser.get(`/api/panels/${panel.id}`)).status, 200);
    const remove = (user: PanelTestUser, sub: string, reason: string) => user.browser.request("DELETE", `/api/panels/${panel.id}/members/${sub}`, { reason });

    const short = await remove(lead, ivo.sub, "no");
    assert.equal(short.status, 400);
    assert.equal(short.body.errors[0].field, "reason");
    assert.equal((await remove(lead, lead.sub, "Handing over")).status, 409);
    assert.equal((await remove(dora, ivo.sub, "Not needed")).status, 404);
    assert.equal((await remove(lead, "nobody-at-all", "Not needed")).status, 404);
    assert.equal((await ivo.browser.get(`/api/panels/${panel.id}`)).status, 200);

    const removed = await remove(pmHcp, ivo.sub, "The question is now surgical.");
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.match(removed.body.message, /Ivo Abroad is removed/);
    const page = await ivo.browser.get(`/api/panels/${panel.id}`);
    assert.deepEqual([page.status, page.body.detail], [404, NOT_FOUND]);
    assert.equal(
      (await ivo.browser.get("/api/panels")).body.rows.some((r: { id: string }) => r.id === panel.id),
      false,
    );
    const row = (await memberRows(panel.id)).find((r) => r.sub === ivo.sub);
    assert.deepEqual([row?.status, row?.removedByName, row?.removeReason], ["removed", pmHcp.name, "The question is now surgical."]);
    assert.ok(row?.removedAt);

    const told = (await system.database.db.select().from(notifications).where(eq(notifications.sub, ivo.sub))).filter((n) => n.kind === "panel.member_removed");
    assert.equal(told.length, 1);
    assert.equal(told[0].link, "/panels");
    const [mail] = (await system.database.db.select().from(outbox).where(eq(outbox.to, ivo.email))).filter((m) => m.subject.includes("no longer a member"));
    assert.ok(mail);
    assert.ok(!mail.text.includes(patient.pseudonym));
    const [audited] = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "panel.member_removed"), sql`${auditEvents.details}->>'panelId' = ${panel.id}`));
    assert.equal(audited.actorId, pmHcp.sub);
    assert.equal(audited.details.memberSub, ivo.sub);

    assert.equal((await remove(lead, ivo.sub, "Twice over")).status, 409);
    const view = await lead.browser.get(`/api/panels/${panel.id}`);
    assert.equal(view.body.panel.members.find((m: { sub: string }) => m.sub === ivo.sub).status, "removed");
    assert.equal(view.body.panel.members.length, 3);
  });
});
