/*
 * The outcome of a panel over real HTTP on a real database: drafted from
 * the contributions, agreed, signed by the lead only, the panel closed
 * (with a confirmation when fewer than two contributed), the PDF holding
 * the recommendation, the signed outcome staying with the patient, and
 * reopening superseding it, audited with its reason. Every action the
 * panel's status or the user's place does not allow is refused and
 * changes nothing.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { inflateSync } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { System } from "../../system.ts";
import { startCpmsTestSystem } from "../authorizations/testing.ts";
import { notifications } from "../notifications/tables.ts";
import { auditEvents, outbox } from "../pg-schema.ts";
import { outcomePdf, printable } from "./outcome-pdf.ts";
import { canonicalJson, signedDocument } from "./outcome-signing.ts";
import type { PanelRow } from "./panel-access.ts";
import { panelAgreements, panelContributions, panelOutcomes, panels } from "./tables.ts";
import { enrolPatient, makePanel, type PanelTestUser, panelUser, setMemberStatus } from "./testing.ts";

let system: System;
let lead: PanelTestUser;
let anna: PanelTestUser;
let lukasz: PanelTestUser;
let manager: PanelTestUser;
let colleague: PanelTestUser;
let outsider: PanelTestUser;
let abroad: PanelTestUser;
let patient: { id: string; pseudonym: string };

const NOT_FOUND = "Not found or no access.";
const RECOMMENDATION = "Neoadjuvant radiotherapy, 50.4 Gy in 28 fractions, then resection at a sarcoma reference centre.";

before(async () => {
  system = await startCpmsTestSystem();
  lead = await panelUser(system, "Lena", "HP", ["EURACAN", "FR", "FR01"], "Lead");
  anna = await panelUser(system, "Anna", "HP", ["EURACAN", "DE", "DE01"], "Member");
  lukasz = await panelUser(system, "Łukasz", "HP", ["EURACAN", "IT", "IT01"], "Żółć");
  manager = await panelUser(system, "Mona", "Panel Manager ERN", ["EURACAN", "DE", "DE01"], "Manager");
  colleague = await panelUser(system, "Colin", "HP", ["EURACAN", "FR", "FR01"], "Colleague");
  outsider = await panelUser(system, "Oscar", "HP", ["EURACAN", "FR", "FR12"], "Outsider");
  abroad = await panelUser(system, "Ivo", "HP", ["ReCONNET", "IT", "IT08"], "Abroad");
  patient = await enrolPatient(lead);
});

after(async () => {
  await system?.close();
});

const db = () => system.database.db;
const url = (panel: PanelRow, path: string) => `/api/panels/${panel.id}${path}`;
const post = (user: PanelTestUser, panel: PanelRow, path: string, body: unknown = {}) => user.browser.post(url(panel, path), body);
const put = (user: PanelTestUser, panel: PanelRow, body: unknown) => user.browser.request("PUT", url(panel, "/outcome"), body);
const outcomeText = (recommendation = RECOMMENDATION) => ({
  summary: "A 12 cm retroperitoneal liposarcoma.",
  recommendation,
  investigations: "MRI of the abdomen.",
  followUp: "Review in three months.",
});

/** A submitted contribution, written straight to its table (contributions.test.ts proves the route). */
async function contribute(panel: PanelRow, user: PanelTestUser, recommendation: string, submitted = true) {
  await db()
    .insert(panelContributions)
    .values({
      panelId: panel.id,
      authorSub: user.sub,
      authorName: user.name,
      assessment: "Resectable.",
      investigations: `CT scan (${user.name})`,
      recommendation,
      submittedAt: submitted ? new Date() : null,
    });
}

async function panelRow(panel: PanelRow) {
  const [row] = await db().select().from(panels).where(eq(panels.id, panel.id));
  return row;
}

/** What an action could change: the panel row, its outcomes and agreements, the patient's audit events, the notifications. */
async function state(panel: PanelRow) {
  const outcomes = await db().select().from(panelOutcomes).where(eq(panelOutcomes.panelId, panel.id));
  const agreements = await db().select().from(panelAgreements);
  return {
    panel: await panelRow(panel),
    outcomes,
    agreements: agreements.filter((a) => outcomes.some((o) => o.id === a.outcomeId)),
    audits: (await db().select().from(auditEvents).where(eq(auditEvents.subjectId, panel.patientId))).length,
    notifications: (await db().select().from(notifications)).length,
  };
}

/** Asserts that `act` answers `status` (and `detail` or `code` when given) and changes nothing. */
async function refused(
  panel: PanelRow,
  // biome-ignore lint/suspicious/noExplicitAny: each endpoint answers a body of its own
  act: () => Promise<{ status: number; body: any }>,
  status: number,
  expect: { detail?: string | RegExp; code?: string } = {},
) {
  const before = await state(panel);
  const answer = await act();
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  if (expect.code) assert.equal(answer.body.code, expect.code, JSON.stringify(answer.body));
  if (typeof expect.detail === "string") assert.equal(answer.body.detail, expect.detail);
  else if (expect.detail) assert.match(answer.body.detail, expect.detail);
  assert.deepEqual(await state(panel), before, "the refusal changed nothing");
  return answer;
}

async function eventsOf(panel: PanelRow, type: string) {
  const rows = await db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, panel.patientId), eq(auditEvents.type, type)));
  return rows.filter((row) => row.details.panelId === panel.id);
}

async function noticesOf(user: PanelTestUser, kind: string) {
  return db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.sub, user.sub), eq(notifications.kind, kind)));
}

/** WinAnsi's letters where it differs from Latin-1 (those the PDF uses). */
const WIN_ANSI: Record<number, string> = { 133: "…", 145: "‘", 146: "’", 147: "“", 148: "”", 149: "•", 150: "–", 151: "—" };
const winAnsi = (bytes: Buffer) => [...bytes].map((byte) => WIN_ANSI[byte] ?? String.fromCharCode(byte)).join("");

/** The text a PDF draws: its content streams inflated (FlateDecode), the strings shown by Tj and TJ decoded, joined by spaces. */
function pdfText(bytes: Buffer): string {
  const raw = bytes.toString("latin1");
  const shown: string[] = [];
  const streams = /<<([\s\S]*?)>>\s*stream\r?\n/g;
  for (let match = streams.exec(raw); match; match = streams.exec(raw)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf("endstream", start);
    let content = bytes.subarray(start, end);
    if (/\/FlateDecode/.test(match[1])) {
      try {
        content = inflateSync(content);
      } catch {
        continue;
      }
    }
    const text = content.toString("latin1");
    for (const op of text.matchAll(/(<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\))\s*Tj/g)) {
      shown.push(op[2] !== undefined ? winAnsi(Buffer.from(op[2].replace(/\s/g, ""), "hex")) : op[3].replace(/\\([()\\])/g, "$1"));
    }
  }
  return shown.join(" ").replace(/\s+/g, " ");
}

async function download(user: PanelTestUser, panel: PanelRow) {
  return user.browser.app.inject({
    method: "GET",
    url: url(panel, "/outcome.pdf"),
    headers: { cookie: `cpms_session=${user.browser.cookies.get("cpms_session")}` },
  });
}

describe("the outcome, from the contributions to the signed PDF", () => {
  let panel: PanelRow;

  test("the lead drafts the outcome from the contributions, each attributed, and saves it by revision", async () => {
    panel = await makePanel(system, lead, patient, { members: [anna, lukasz] });
    await contribute(panel, anna, "Neoadjuvant radiotherapy first.");
    await contribute(panel, lukasz, "Resection first.");

    const draft = await lead.browser.get(url(panel, "/outcome/draft"));
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    assert.equal(draft.body.outcome.summary, panel.question);
    assert.equal(draft.body.outcome.recommendation, "Anna Member: Neoadjuvant radiotherapy first.\n\nŁukasz Żółć: Resection first.");
    assert.match(draft.body.outcome.investigations, /^Anna Member: CT scan/);
    assert.equal((await eventsOf(panel, "panel.outcome_drafted")).length, 1);
    // A member does not draft or write the outcome.
    await refused(panel, () => anna.browser.get(url(panel, "/outcome/draft")), 404, { detail: NOT_FOUND });
    await refused(panel, () => put(anna, panel, outcomeText()), 404, { detail: NOT_FOUND });

    const first = await put(manager, panel, outcomeText("To be completed."));
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.outcome.revision, 1);
    assert.equal(first.body.outcome.authorName, manager.name);
    assert.equal(first.body.message, "The outcome is saved (revision 1).");
    const second = await put(lead, panel, { ...outcomeText(), recommendation: `  ${RECOMMENDATION}  ` });
    assert.equal(second.body.outcome.revision, 2);
    assert.equal(second.body.outcome.recommendation, RECOMMENDATION);
    assert.equal(second.body.outcome.status, "draft");
    assert.deepEqual(
      second.body.outcome.contributions.map((c: { authorName: string }) => c.authorName),
      [anna.name, lukasz.name],
    );
    assert.equal((await db().select().from(panelOutcomes).where(eq(panelOutcomes.panelId, panel.id))).length, 1);

    const view = await anna.browser.get(`/api/panels/${panel.id}`);
    assert.equal(view.body.panel.outcome.recommendation, RECOMMENDATION);
  });

  test("asking for agreement closes contributions and tells the members; they agree or not, and the lead is told", async () => {
    const asked = await post(lead, panel, "/outcome/agreement-request");
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.panel.status, "awaiting_outcome");
    assert.ok(asked.body.panel.outcome.agreementRequestedAt);
    assert.equal((await noticesOf(anna, "panel.agreement_requested")).length, 1);
    assert.equal((await noticesOf(lukasz, "panel.agreement_requested")).length, 1);
    assert.equal((await noticesOf(lead, "panel.agreement_requested")).length, 0, "the one asking is not told");
    const mails = await db().select().from(outbox).where(eq(outbox.to, anna.email));
    assert.ok(mails.some((mail) => mail.subject === `CPMS: Panel ${panel.reference}: do you agree with the outcome?`));
    assert.ok(
      mails.every((mail) => !mail.text.includes(RECOMMENDATION)),
      "no clinical text in mails",
    );

    const agreed = await post(anna, panel, "/outcome/agreement", { agrees: true, comment: "Fully agree." });
    assert.equal(agreed.status, 200, JSON.stringify(agreed.body));
    assert.deepEqual(
      agreed.body.outcome.agreements.map((a: { name: string; agrees: boolean; comment: string; current: boolean }) => [a.name, a.agrees, a.comment, a.current]),
      [[anna.name, true, "Fully agree.", true]],
    );
    const disagreed = await post(lukasz, panel, "/outcome/agreement", { agrees: false, comment: "I would operate first." });
    assert.equal(disagreed.status, 200);
    assert.equal(disagreed.body.message, "You do not agree with the outcome: the lead is told.");
    assert.equal((await noticesOf(lead, "panel.agreement")).length, 2);
    // Answering again replaces the answer.
    await post(anna, panel, "/outcome/agreement", { agrees: true, comment: "Agree." });
    assert.equal((await db().select().from(panelAgreements).where(eq(panelAgreements.sub, anna.sub))).length, 1);
  });

  test("only the lead signs; the outcome is frozen with the SHA-256 of the signed document", async () => {
    await refused(panel, () => post(manager, panel, "/outcome/sign"), 403, { detail: "Only the panel lead signs the outcome." });
    await refused(panel, () => post(anna, panel, "/outcome/sign"), 403, { detail: "Only the panel lead signs the outcome." });
    await refused(panel, () => post(lead, panel, "/outcome/agreement", { agrees: true }), 409, { detail: /you sign the outcome/ });
    await refused(panel, () => post(manager, panel, "/outcome/agreement", { agrees: true }), 403);
    await refused(panel, () => post(lead, panel, "/close"), 409, { detail: "Sign the outcome before closing the panel." });

    const signed = await post(lead, panel, "/outcome/sign");
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    const outcome = signed.body.panel.outcome;
    assert.equal(outcome.status, "signed");
    assert.equal(outcome.signedByName, lead.name);
    assert.match(outcome.signedSha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(outcome.contributions, [
      { authorName: anna.name, recommendation: "Neoadjuvant radiotherapy first." },
      { authorName: lukasz.name, recommendation: "Resection first." },
    ]);
    const [row] = await db().select().from(panelOutcomes).where(eq(panelOutcomes.panelId, panel.id));
    const recomputed = createHash("sha256")
      .update(canonicalJson(await signedDocument(db(), await panelRow(panel), row)))
      .digest("hex");
    assert.equal(recomputed, outcome.signedSha256, "the hash covers the stored document");
    assert.equal((await eventsOf(panel, "panel.outcome_signed"))[0].details.sha256, outcome.signedSha256);
    assert.equal((await noticesOf(anna, "panel.outcome_signed")).length, 1);

    // Frozen: no more text, agreement or going back.
    await refused(panel, () => put(lead, panel, outcomeText("Changed after signing.")), 409, { detail: /signed: it can no longer change/ });
    await refused(panel, () => post(anna, panel, "/outcome/agreement", { agrees: false }), 409, { detail: "The outcome is already signed." });
    await refused(panel, () => post(lead, panel, "/outcome/back"), 409, { detail: /The outcome is signed/ });
    await refused(panel, () => post(lead, panel, "/outcome/sign"), 409, { detail: "The outcome is already signed." });
  });

  test("the panel closes; a closed panel is read-only", async () => {
    const closed = await post(manager, panel, "/close");
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.panel.status, "closed");
    assert.ok(closed.body.panel.closedAt);
    const [event] = await eventsOf(panel, "panel.closed");
    assert.equal(event.details.contributions, 2);
    assert.equal(event.actorId, manager.sub);
    assert.equal((await noticesOf(lukasz, "panel.closed")).length, 1);

    await refused(panel, () => put(lead, panel, outcomeText()), 409, {
      code: "illegal_transition",
      detail: "The panel is closed: reopen it to change the outcome.",
    });
    await refused(panel, () => post(lead, panel, "/close"), 409, { code: "illegal_transition" });
    await refused(
      panel,
      () =>
        anna.browser.request("PUT", url(panel, "/contribution"), {
          assessment: "a",
          investigations: "b",
          recommendation: "c",
          attachmentIds: [],
          submit: true,
        }),
      409,
      { code: "illegal_transition" },
    );
    await refused(panel, () => post(anna, panel, "/messages", { body: "Anything new?" }), 409, { code: "illegal_transition" });
  });

  test("the PDF downloads for members, holds the recommendation, the names readable, the pseudonym and the hash; audited", async () => {
    const answer = await download(lukasz, panel);
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.headers["content-type"], "application/pdf");
    assert.equal(answer.headers["content-disposition"], `attachment; filename="${panel.reference}-outcome.pdf"`);
    const bytes = answer.rawPayload;
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
    const text = pdfText(bytes);
    assert.ok(text.includes(RECOMMENDATION), text);
    for (const expected of [
      "Panel outcome",
      "RECOMMENDATION",
      panel.reference,
      patient.pseudonym,
      "Lukasz Zólc: Resection first.",
      "Anna Member: agrees",
      `Signed by ${lead.name}`,
      "OpenCPMS — confidential health data",
    ]) {
      assert.ok(text.includes(expected), `${expected} in ${text}`);
    }
    const [row] = await db().select().from(panelOutcomes).where(eq(panelOutcomes.panelId, panel.id));
    assert.ok(text.includes(row.signedSha256 as string));
    const loaded = await PDFDocument.load(bytes);
    assert.equal(loaded.getTitle(), `Panel outcome ${panel.reference}`);
    assert.match(loaded.getSubject() ?? "", new RegExp(patient.pseudonym));
    const [event] = await eventsOf(panel, "panel.outcome_downloaded");
    assert.equal(event.actorId, lukasz.sub);
    assert.equal(event.details.reason, "panel");

    for (const stranger of [outsider, abroad]) {
      const refusedPdf = await download(stranger, panel);
      assert.equal(refusedPdf.statusCode, 404);
      assert.equal(refusedPdf.json().detail, NOT_FOUND);
    }
  });

  test("the signed outcome stays with the patient: who reads the patient sees it and has its PDF; a panel member does not read the patient", async () => {
    const seen = await colleague.browser.get(`/api/patients/${patient.id}/panel-outcomes`);
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.deepEqual(
      seen.body.outcomes.map((o: { panelId: string; reference: string; recommendation: string; signedByName: string }) => [
        o.panelId,
        o.reference,
        o.recommendation,
        o.signedByName,
      ]),
      [[panel.id, panel.reference, RECOMMENDATION, lead.name]],
    );
    const [event] = (await db().select().from(auditEvents).where(eq(auditEvents.type, "patient.panel_outcomes_read"))).filter(
      (e) => e.actorId === colleague.sub,
    );
    assert.equal(event.subjectId, patient.id);
    // The PDF too, for who reads the patient without being on the panel.
    const pdf = await download(colleague, panel);
    assert.equal(pdf.statusCode, 200);
    assert.ok(pdfText(pdf.rawPayload).includes(RECOMMENDATION));
    const downloads = await eventsOf(panel, "panel.outcome_downloaded");
    assert.equal(downloads.find((e) => e.actorId === colleague.sub)?.details.reason, "own_hcp");
    assert.equal((await anna.browser.get(`/api/patients/${patient.id}/panel-outcomes`)).status, 404);
    assert.equal((await colleague.browser.get(`/api/patients/${randomUUID()}/panel-outcomes`)).status, 404);
    assert.equal((await colleague.browser.get("/api/patients/not-a-uuid/panel-outcomes")).status, 404);
  });

  test("only the lead reopens, with a reason: the signed outcome is superseded, still listed, and the reopening audited", async () => {
    await refused(panel, () => post(anna, panel, "/reopen", { reason: "More data came in." }), 403, { detail: "Only the panel lead reopens the panel." });
    await refused(panel, () => post(manager, panel, "/reopen", { reason: "More data came in." }), 403);
    await refused(panel, () => post(outsider, panel, "/reopen", { reason: "More data came in." }), 404, { detail: NOT_FOUND });
    const noReason = await refused(panel, () => post(lead, panel, "/reopen", { reason: "  " }), 400);
    assert.equal(noReason.body.errors[0].field, "reason");
    await refused(panel, () => post(lead, panel, "/reopen", {}), 400);

    const reopened = await post(lead, panel, "/reopen", { reason: "The MRI shows a second lesion." });
    assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
    assert.equal(reopened.body.panel.status, "open");
    assert.equal(reopened.body.panel.closedAt, null);
    assert.equal(reopened.body.panel.outcome, null);
    assert.equal(reopened.body.panel.previousOutcomes.length, 1);
    assert.equal(reopened.body.panel.previousOutcomes[0].status, "superseded");
    assert.equal(reopened.body.panel.previousOutcomes[0].recommendation, RECOMMENDATION);
    const [event] = await eventsOf(panel, "panel.reopened");
    assert.equal(event.details.reason, "The MRI shows a second lesion.");
    assert.equal(event.actorId, lead.sub);
    assert.equal((await noticesOf(anna, "panel.reopened")).length, 1);
    assert.deepEqual((await colleague.browser.get(`/api/patients/${patient.id}/panel-outcomes`)).body.outcomes, []);

    const pdf = await download(anna, panel);
    assert.equal(pdf.statusCode, 409);
    assert.equal(pdf.json().detail, "The outcome is not signed yet.");
    // A new outcome can be written next to the superseded one.
    const again = await put(lead, panel, outcomeText("A new recommendation."));
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome.revision, 1);
  });
});

describe("actions the panel's status or the user's place does not allow", () => {
  test("a draft panel has no outcome", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna], status: "draft" });
    await refused(panel, () => lead.browser.get(url(panel, "/outcome/draft")), 409, { code: "illegal_transition", detail: /A draft panel has no outcome/ });
    await refused(panel, () => put(lead, panel, outcomeText()), 409, { code: "illegal_transition", detail: /A draft panel has no outcome/ });
    await refused(panel, () => post(lead, panel, "/outcome/agreement-request"), 409, { code: "illegal_transition" });
    await refused(panel, () => post(lead, panel, "/outcome/sign"), 409, { code: "illegal_transition", detail: "A draft panel has no outcome to sign." });
    await refused(panel, () => post(lead, panel, "/close"), 409, { code: "illegal_transition" });
    await refused(panel, () => post(lead, panel, "/reopen", { reason: "Why not" }), 409, { code: "illegal_transition" });
  });

  test("an open panel: agreement needs a recommendation; no signing, agreeing or closing yet", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna] });
    await refused(panel, () => post(lead, panel, "/outcome/agreement-request"), 409, { detail: /Write the outcome's recommendation/ });
    assert.equal((await put(lead, panel, outcomeText(" "))).status, 200);
    await refused(panel, () => post(lead, panel, "/outcome/agreement-request"), 409, { detail: /Write the outcome's recommendation/ });
    await refused(panel, () => post(lead, panel, "/outcome/sign"), 409, { code: "illegal_transition", detail: /Ask the members to agree/ });
    await refused(panel, () => post(anna, panel, "/outcome/agreement", { agrees: true }), 409, {
      code: "illegal_transition",
      detail: /has not asked for agreement/,
    });
    await refused(panel, () => post(lead, panel, "/close"), 409, { code: "illegal_transition", detail: /Write the outcome/ });
    await refused(panel, () => post(lead, panel, "/outcome/back"), 409, { code: "illegal_transition" });
    await refused(panel, () => post(lead, panel, "/reopen", { reason: "Why not" }), 409, { code: "illegal_transition", detail: "The panel is not closed." });
  });

  test("going back to contributions reopens them and keeps the outcome; a new revision makes earlier agreements not current", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna] });
    await put(lead, panel, outcomeText());
    assert.equal((await post(lead, panel, "/outcome/agreement-request")).status, 200);
    await post(anna, panel, "/outcome/agreement", { agrees: true });
    const back = await post(manager, panel, "/outcome/back");
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.panel.status, "open");
    const changed = await put(lead, panel, outcomeText("A changed recommendation."));
    assert.equal(changed.body.outcome.revision, 2);
    assert.deepEqual(
      changed.body.outcome.agreements.map((a: { name: string; current: boolean }) => [a.name, a.current]),
      [[anna.name, false]],
    );
  });

  test("closing with one contribution asks for confirmation (few_contributions), then closes", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, lukasz] });
    await contribute(panel, anna, "Radiotherapy.");
    await contribute(panel, lukasz, "Draft only.", false);
    await put(lead, panel, outcomeText());
    await post(lead, panel, "/outcome/agreement-request");
    assert.equal((await post(lead, panel, "/outcome/sign")).status, 200);
    const asked = await refused(panel, () => lead.browser.request("POST", url(panel, "/close")), 409, { code: "few_contributions" });
    assert.match(asked.body.detail, /only one submitted contribution: panels with fewer than two do not count in the ERN's monitoring/);
    assert.equal(asked.body.contributions, 1);
    await refused(panel, () => post(lead, panel, "/close", { confirmFewContributions: false }), 409, { code: "few_contributions" });
    await refused(panel, () => post(lead, panel, "/close", { confirmFewContributions: "yes" }), 400);
    const closed = await post(lead, panel, "/close", { confirmFewContributions: true });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.panel.status, "closed");
    assert.equal((await eventsOf(panel, "panel.closed"))[0].details.contributions, 1);
  });

  test("strangers, removed members and wrong ids get 404; bad input is refused on its field", async () => {
    const panel = await makePanel(system, lead, patient, { members: [anna, lukasz] });
    await setMemberStatus(system, panel.id, lukasz.sub, "removed");
    for (const user of [outsider, abroad, lukasz]) {
      await refused(panel, () => user.browser.get(url(panel, "/outcome/draft")), 404, { detail: NOT_FOUND });
      await refused(panel, () => put(user, panel, outcomeText()), 404, { detail: NOT_FOUND });
      await refused(panel, () => post(user, panel, "/outcome/agreement", { agrees: true }), 404, { detail: NOT_FOUND });
      assert.equal((await download(user, panel)).statusCode, 404);
    }
    assert.equal((await put(lead, { ...panel, id: randomUUID() }, outcomeText())).status, 404);
    assert.equal((await lead.browser.request("PUT", "/api/panels/not-a-panel/outcome", outcomeText())).status, 404);

    const missing = await refused(panel, () => put(lead, panel, { summary: "", investigations: "", followUp: "" }), 400);
    assert.ok(
      missing.body.errors.some((e: { field: string }) => e.field === "recommendation"),
      JSON.stringify(missing.body),
    );
    const long = await refused(panel, () => put(lead, panel, outcomeText("x".repeat(20_001))), 400);
    assert.equal(long.body.errors[0].field, "recommendation");
    assert.match(long.body.errors[0].detail, /at most 20,000 characters/);
    await refused(panel, () => put(lead, panel, { ...outcomeText(), extra: 1 }), 400);
  });

  test("while the patient's consent for care is withdrawn the outcome neither changes nor prints; the enrolling HCP still reads it", async () => {
    const other = await enrolPatient(lead);
    const panel = await makePanel(system, lead, other, { members: [anna, lukasz] });
    await contribute(panel, anna, "Radiotherapy.");
    await contribute(panel, lukasz, "Surgery.");
    await put(lead, panel, outcomeText());
    await post(lead, panel, "/outcome/agreement-request");
    assert.equal((await post(lead, panel, "/outcome/sign")).status, 200);
    const withdrawal = await lead.browser.post(`/api/patients/${other.id}/consents/care/withdraw`, { reason: "The patient withdrew consent." });
    assert.equal(withdrawal.status, 200, JSON.stringify(withdrawal.body));

    const gone = /consent for care no longer stands/;
    await refused(panel, () => post(lead, panel, "/close"), 409, { detail: gone });
    await refused(panel, () => post(anna, panel, "/outcome/agreement", { agrees: true }), 409, { detail: gone });
    const pdf = await download(anna, panel);
    assert.equal(pdf.statusCode, 409);
    assert.match(pdf.json().detail, gone);
    // The enrolling HCP still has the outcome, the PDF included; strangers still nothing.
    assert.equal((await download(colleague, panel)).statusCode, 200);
    assert.equal((await download(lead, panel)).statusCode, 200);
    assert.equal((await download(outsider, panel)).statusCode, 404);
    const kept = await colleague.browser.get(`/api/patients/${other.id}/panel-outcomes`);
    assert.equal(kept.status, 200);
    assert.deepEqual(
      kept.body.outcomes.map((o: { recommendation: string }) => o.recommendation),
      [RECOMMENDATION],
    );
  });

  test("a name WinAnsi cannot encode prints as its nearest plain letters", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    assert.equal(printable(font, "Łukasz Żółć"), "Lukasz Zólc");
    assert.equal(printable(font, "Dvořák, Müller, Straße, Œuvre"), "Dvorák, Müller, Straße, Œuvre");
    assert.equal(printable(font, "Παπαδόπουλος\tA"), "???????????? A");
  });

  test("a long outcome is wrapped and carried over pages, each with the confidential footer", async () => {
    const paragraph = "Radiotherapy before resection reduces the risk of local recurrence in this setting. ".repeat(8);
    const bytes = await outcomePdf({
      reference: "EURACAN-P-TEST22",
      ernCode: "EURACAN",
      thematicArea: "Sarcoma",
      pseudonym: "EURACAN-TEST22",
      title: "Long",
      question: "Which treatment?",
      summary: "",
      recommendation: Array.from({ length: 40 }, (_, i) => `${i + 1}. ${paragraph}`).join("\n"),
      investigations: `https://example.org/${"a".repeat(300)}`,
      followUp: "",
      contributions: [],
      agreements: [],
      signedByName: "Łukasz Żółć",
      signedAt: new Date("2026-12-02T10:00:00Z"),
      sha256: "0".repeat(64),
    });
    const pages = (await PDFDocument.load(bytes)).getPageCount();
    assert.ok(pages >= 3, `${pages} pages`);
    const text = pdfText(Buffer.from(bytes));
    assert.ok(text.includes(`page ${pages} of ${pages}`));
    assert.ok(text.includes("40. Radiotherapy before resection"));
    assert.ok(text.includes("Signed by Lukasz Zólc on 2 December 2026"), text.slice(-400));
    assert.ok(text.replace(/ /g, "").includes(`https://example.org/${"a".repeat(300)}`), "a word wider than the page is cut, not lost");
  });
});
