/*
 * A panel's files over real HTTP on a real database, kept in a temporary
 * DATA_DIR: members download the record attachments the panel shares and
 * the files members attached; nobody else does, and no other file of the
 * patient is reached through the panel; members' files are claimed only
 * from their own staged uploads and never join the record's attachments.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import type { System } from "../../system.ts";
import { startCpmsTestSystem } from "../authorizations/testing.ts";
import { folderStore } from "../files/folder-store.ts";
import { purgeExpiredUploads } from "../files/purge-uploads.ts";
import { files } from "../files/tables.ts";
import { PDF, PNG, sendFile } from "../files/testing.ts";
import { auditEvents } from "../pg-schema.ts";
import type { PanelRow } from "./panel-access.ts";
import { claimPanelFiles } from "./panel-files.ts";
import { panelFiles } from "./tables.ts";
import { enrolPatient, makePanel, type PanelTestUser, panelUser, setMemberStatus } from "./testing.ts";

let system: System;
let dataDir: string;
let lead: PanelTestUser;
let anna: PanelTestUser;
let bruno: PanelTestUser;
let colleague: PanelTestUser;
let outsider: PanelTestUser;
let abroad: PanelTestUser;
let patient: { id: string; pseudonym: string };
let panel: PanelRow;
let sharedId: string;
let privateId: string;
let annaFileId: string;

const NOT_FOUND = "Not found or no access.";

async function attach(user: PanelTestUser, name: string, type: string, content: Buffer): Promise<string> {
  const answer = await sendFile(user.browser, `/api/patients/${patient.id}/attachments`, { name, type, content }, { category: "report" });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.attachment.id;
}

async function attachTo(patientId: string, name: string): Promise<string> {
  const answer = await sendFile(
    lead.browser,
    `/api/patients/${patientId}/attachments`,
    { name, type: "application/pdf", content: PDF },
    { category: "report" },
  );
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.attachment.id;
}

async function stage(user: PanelTestUser, name = "echo.png", kind = "panel_file"): Promise<string> {
  const answer = await sendFile(user.browser, "/api/uploads", { name, type: "image/png", content: PNG }, { kind });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.file.id;
}

/** The raw download (inject keeps the bytes). */
async function fetchFile(user: PanelTestUser, panelId: string, fileId: string) {
  return user.browser.app.inject({
    method: "GET",
    url: `/api/panels/${panelId}/files/${fileId}`,
    headers: { cookie: `cpms_session=${user.browser.cookies.get("cpms_session")}` },
  });
}

const claim = (user: PanelTestUser, ids: string[], target: PanelRow = panel) =>
  system.database.db.transaction((tx) => claimPanelFiles(tx, target, user, ids, "attachmentIds"));

async function fileRow(id: string) {
  const [row] = await system.database.db.select().from(files).where(eq(files.id, id));
  return row;
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-panel-files-test-"));
  system = await startCpmsTestSystem({ DATA_DIR: dataDir });
  lead = await panelUser(system, "Lena", "HP", ["EURACAN", "FR", "FR01"], "Lead");
  anna = await panelUser(system, "Anna", "HP", ["EURACAN", "DE", "DE01"], "Member");
  bruno = await panelUser(system, "Bruno", "HP", ["EURACAN", "IT", "IT01"], "Member");
  colleague = await panelUser(system, "Colin", "HP", ["EURACAN", "FR", "FR01"], "Colleague");
  outsider = await panelUser(system, "Oscar", "HP", ["EURACAN", "FR", "FR12"], "Outsider");
  abroad = await panelUser(system, "Ivo", "HP", ["ReCONNET", "IT", "IT08"], "Abroad");
  patient = await enrolPatient(lead);
  sharedId = await attach(lead, "Histology.pdf", "application/pdf", PDF);
  privateId = await attach(lead, "Family photo.png", "image/png", PNG);
  panel = await makePanel(system, lead, patient, { members: [anna, bruno], fileIds: [sharedId] });
  annaFileId = await stage(anna, "Echo Anna.png");
  assert.deepEqual(await claim(anna, [annaFileId]), [annaFileId]);
});

after(async () => {
  await system?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("downloading a panel's files", () => {
  test("a member downloads a shared record attachment and a member's file, as attachments, audited", async () => {
    const shared = await fetchFile(anna, panel.id, sharedId);
    assert.equal(shared.statusCode, 200, shared.body);
    assert.deepEqual(shared.rawPayload, PDF);
    assert.equal(shared.headers["content-type"], "application/pdf");
    assert.equal(shared.headers["content-disposition"], `attachment; filename="Histology.pdf"; filename*=UTF-8''Histology.pdf`);
    assert.equal(shared.headers["x-content-type-options"], "nosniff");
    assert.match(String(shared.headers["content-security-policy"]), /^sandbox/);

    const own = await fetchFile(lead, panel.id, annaFileId);
    assert.equal(own.statusCode, 200);
    assert.deepEqual(own.rawPayload, PNG);
    assert.equal(own.headers["content-type"], "image/png");

    const events = await system.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, patient.id), eq(auditEvents.type, "panel.file_downloaded")));
    assert.deepEqual(
      events.map((e) => [e.actorId, e.details.fileId, e.details.reason, e.details.panelId, e.details.source]).sort(),
      [
        [anna.sub, sharedId, "panel", panel.id, "record"],
        [lead.sub, annaFileId, "panel", panel.id, "contribution"],
      ].sort(),
    );
  });

  test("the panel's page lists its files with where they came from and who added them", async () => {
    const view = await bruno.browser.get(`/api/panels/${panel.id}`);
    assert.equal(view.status, 200, JSON.stringify(view.body));
    assert.deepEqual(
      view.body.panel.files.map((f: { id: string; name: string; source: string; addedByName: string }) => [f.id, f.name, f.source, f.addedByName]),
      [
        [sharedId, "Histology.pdf", "record", lead.name],
        [annaFileId, "Echo Anna.png", "contribution", anna.name],
      ],
    );
  });

  test("a record attachment the panel does not share, an unknown id and another panel's file are 404", async () => {
    for (const fileId of [privateId, randomUUID(), "not-a-file"]) {
      const answer = await fetchFile(anna, panel.id, fileId);
      assert.equal(answer.statusCode, 404, fileId);
    }
    const other = await makePanel(system, lead, patient, { members: [anna], fileIds: [privateId] });
    assert.equal((await fetchFile(anna, other.id, privateId)).statusCode, 200, "shared by the other panel");
    assert.equal((await fetchFile(anna, panel.id, privateId)).statusCode, 404, "not through this one");
    assert.equal((await fetchFile(anna, other.id, annaFileId)).statusCode, 404, "a file of this panel is not the other's");
  });

  test("a non-member, a removed member, a member of another ERN and the patient's own HCP colleague get 404", async () => {
    const removed = await makePanel(system, lead, patient, { members: [anna, bruno], fileIds: [sharedId] });
    assert.equal((await fetchFile(bruno, removed.id, sharedId)).statusCode, 200);
    await setMemberStatus(system, removed.id, bruno.sub, "removed");
    for (const user of [outsider, bruno, abroad, colleague]) {
      const answer = await fetchFile(user, removed.id, sharedId);
      assert.equal(answer.statusCode, 404, user.name);
      assert.equal(answer.json().detail, NOT_FOUND);
    }
  });
});

describe("members' files and the record", () => {
  test("a member's file on their unsubmitted draft is theirs alone; once submitted, the panel's members download it", async () => {
    const staged = await stage(bruno, "MRI Bruno.png");
    const contribution = (submit: boolean) => ({
      assessment: "Resectable.",
      investigations: "MRI.",
      recommendation: "Operate.",
      attachmentIds: [staged],
      submit,
    });
    const draft = await bruno.browser.request("PUT", `/api/panels/${panel.id}/contribution`, contribution(false));
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    assert.deepEqual(
      draft.body.contribution.attachments.map((f: { id: string; source: string }) => [f.id, f.source]),
      [[staged, "contribution"]],
    );
    assert.equal((await fileRow(staged)).kind, "panel_file");
    assert.equal((await fetchFile(bruno, panel.id, staged)).statusCode, 200);
    assert.equal((await fetchFile(anna, panel.id, staged)).statusCode, 404, "another's draft");
    const listed = async (user: PanelTestUser) => (await user.browser.get(`/api/panels/${panel.id}`)).body.panel.files.map((f: { id: string }) => f.id);
    assert.ok(!(await listed(anna)).includes(staged));
    assert.ok((await listed(bruno)).includes(staged));

    const submitted = await bruno.browser.request("PUT", `/api/panels/${panel.id}/contribution`, contribution(true));
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const answer = await fetchFile(anna, panel.id, staged);
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(answer.rawPayload, PNG);
    assert.ok((await listed(anna)).includes(staged));
  });

  test("while the patient's consent for care is withdrawn, no member downloads the panel's files", async () => {
    const other = await enrolPatient(lead);
    const fileId = await attachTo(other.id, "Scan.pdf");
    const withdrawnPanel = await makePanel(system, lead, other, { members: [anna], fileIds: [fileId] });
    assert.equal((await fetchFile(anna, withdrawnPanel.id, fileId)).statusCode, 200);
    const withdrawal = await lead.browser.post(`/api/patients/${other.id}/consents/care/withdraw`, { reason: "The patient withdrew consent." });
    assert.equal(withdrawal.status, 200, JSON.stringify(withdrawal.body));
    for (const user of [anna, lead]) {
      const answer = await fetchFile(user, withdrawnPanel.id, fileId);
      assert.equal(answer.statusCode, 409);
      assert.match(answer.json().detail, /consent for care no longer stands/);
    }
  });

  test("a panel file is not among the record's attachments, and is not opened or deleted through them", async () => {
    const list = await lead.browser.get(`/api/patients/${patient.id}/attachments`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.attachments.map((f: { id: string }) => f.id).sort(), [sharedId, privateId].sort());
    assert.equal((await lead.browser.get(`/api/patients/${patient.id}/attachments/${annaFileId}`)).status, 404);
    assert.equal((await lead.browser.request("DELETE", `/api/patients/${patient.id}/attachments/${annaFileId}`, {})).status, 404);
    const row = await fileRow(annaFileId);
    assert.equal(row.kind, "panel_file");
    assert.equal(row.patientId, patient.id);
    assert.equal(row.expiresAt, null);
    assert.equal(row.deletedAt, null);
    // Nor can the record name it: the record would list a file its attachments hide.
    const current = (await lead.browser.get(`/api/patients/${patient.id}`)).body.patient;
    const update = await lead.browser.request("PUT", `/api/patients/${patient.id}/record`, {
      version: current.version,
      record: { ...current.record, attachments: [...current.record.attachments, annaFileId] },
    });
    assert.equal(update.status, 400, JSON.stringify(update.body));
    assert.equal(update.body.errors[0].field, `record.attachments.${current.record.attachments.length}`);
    assert.equal((await lead.browser.get(`/api/patients/${patient.id}`)).body.patient.version, current.version);
  });

  test("only the user's own staged uploads are claimed; a refusal names the field and changes nothing", async () => {
    const brunos = await stage(bruno, "bruno.png");
    const expired = await stage(anna, "old.png");
    await system.database.db
      .update(files)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(files.id, expired));
    const before = await system.database.db.select().from(panelFiles).where(eq(panelFiles.panelId, panel.id));
    for (const ids of [[brunos], [expired], [randomUUID()], ["not-a-uuid"], [privateId], [sharedId, brunos]]) {
      await assert.rejects(claim(anna, ids), (error: { status: number; errors: { field: string; detail: string }[] }) => {
        assert.equal(error.status, 400);
        assert.deepEqual(error.errors, [{ field: "attachmentIds", detail: "This file is not among your uploads: upload it again." }]);
        return true;
      });
    }
    assert.deepEqual(await system.database.db.select().from(panelFiles).where(eq(panelFiles.panelId, panel.id)), before);
    assert.equal((await fileRow(brunos)).patientId, null, "still Bruno's staged upload");

    // The panel's own files pass again, with no second row.
    assert.deepEqual((await claim(anna, [sharedId.toUpperCase(), annaFileId])).sort(), [sharedId, annaFileId].sort());
    assert.equal((await system.database.db.select().from(panelFiles).where(eq(panelFiles.panelId, panel.id))).length, before.length);
    // An upload of any kind becomes a panel file once claimed.
    const attachmentKind = await stage(bruno, "scan.png", "attachment");
    await claim(bruno, [attachmentKind]);
    assert.equal((await fileRow(attachmentKind)).kind, "panel_file");
  });

  test("uploads accept the kind panel_file; the purge of expired staged uploads spares claimed files", async () => {
    const wrong = await sendFile(anna.browser, "/api/uploads", { name: "x.png", type: "image/png", content: PNG }, { kind: "photo" });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.errors, [{ field: "kind", detail: 'The kind is "attachment", "consent_form" or "panel_file".' }]);

    const staged = await stage(anna, "left.png");
    assert.equal((await fileRow(staged)).kind, "panel_file");
    const purged = await purgeExpiredUploads(system.database.db, folderStore(path.join(dataDir, "files")), new Date(Date.now() + 48 * 3600_000));
    assert.ok(purged >= 1);
    assert.equal(await fileRow(staged), undefined, "the unclaimed upload is purged");
    assert.ok(await fileRow(annaFileId), "the claimed file stays");
    assert.equal((await fetchFile(anna, panel.id, annaFileId)).statusCode, 200);
  });
});
