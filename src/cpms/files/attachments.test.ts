/*
 * A patient's attachments over real HTTP on a real database, with the
 * access policy deciding: upload, list, download and delete by the
 * enrolling HCP; the same file never reachable through another patient's
 * URL nor by an HP of another HCP; each step a version of the record or an
 * audit event; nothing kept from a refused upload.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { providerId } from "../../access/requests/testing.ts";
import type { System } from "../../system.ts";
import { type CpmsTestUser, cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";
import { auditEvents } from "../pg-schema.ts";
import { files } from "./tables.ts";
import { ELF, PDF, PNG, sendFile } from "./testing.ts";

let system: System;
let dataDir: string;

type Member = CpmsTestUser & { providerId: string };
let enroller: Member;
let colleague: Member;
let stranger: Member;
let coordinator: Member;

async function member(firstName: string, at: [string, string, string], profile = "HP"): Promise<Member> {
  const user = await cpmsUser(system, firstName, "Attaching");
  await grant(system, user.sub, profile, at);
  return { ...user, providerId: await providerId(system, ...at) };
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-attachments-test-"));
  system = await startCpmsTestSystem({ DATA_DIR: dataDir, ATTACHMENT_MAX_MB: "1" });
  enroller = await member("Claire", ["EURACAN", "FR", "FR01"]);
  colleague = await member("Denis", ["EURACAN", "FR", "FR01"]);
  stranger = await member("Eva", ["EURACAN", "FR", "FR36"]);
  coordinator = await member("Franz", ["EURACAN", "FR", "FR36"], "Coordinator");
});

after(async () => {
  await system?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function enrol(): Promise<string> {
  const answer = await enroller.browser.post("/api/patients", {
    ernCode: "EURACAN",
    providerId: enroller.providerId,
    localNumber: "IPP-77",
    consent: { given: true, date: "2026-01-15" },
    record: {},
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.patient.id;
}

async function attach(
  user: Member,
  patientId: string,
  file = { name: "Histology report.pdf", type: "application/pdf", content: PDF },
  fields = { category: "report", title: "Histology, biopsy of 12 March" },
) {
  return sendFile(user.browser, `/api/patients/${patientId}/attachments`, file, fields);
}

async function eventsOf(patientId: string, type: string) {
  return system.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, patientId), eq(auditEvents.type, type)));
}

const fileCount = async () => (await system.database.db.select().from(files)).length;

describe("patient attachments", () => {
  test("the enroller attaches a report: a new version of the record, listed, downloaded byte for byte as a sandboxed attachment, each step audited", async () => {
    const patientId = await enrol();
    const added = await attach(enroller, patientId);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.attachment.category, "report");
    assert.equal(added.body.attachment.title, "Histology, biopsy of 12 March");
    assert.equal(added.body.attachment.type, "application/pdf");
    assert.equal(added.body.version, 2);
    const fileId = added.body.attachment.id;

    const history = await enroller.browser.get(`/api/patients/${patientId}/history`);
    assert.deepEqual(history.body.versions[0].changes, ["Attachments"]);
    const record = await enroller.browser.get(`/api/patients/${patientId}`);
    assert.deepEqual(record.body.patient.record.attachments, [fileId]);

    const list = await colleague.browser.get(`/api/patients/${patientId}/attachments`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.attachments.map((file: { id: string; name: string; ownerName: string }) => [file.id, file.name, file.ownerName]),
      [[fileId, "Histology report.pdf", enroller.name]],
    );

    const download = await colleague.browser.app.inject({
      method: "GET",
      url: `/api/patients/${patientId}/attachments/${fileId}`,
      headers: { cookie: `cpms_session=${colleague.browser.cookies.get("cpms_session")}` },
    });
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, PDF);
    assert.equal(download.headers["content-type"], "application/pdf");
    assert.equal(download.headers["x-content-type-options"], "nosniff");
    assert.match(String(download.headers["content-security-policy"]), /^sandbox/);
    assert.equal(download.headers["content-disposition"], `attachment; filename="Histology report.pdf"; filename*=UTF-8''Histology%20report.pdf`);

    assert.equal((await eventsOf(patientId, "patient.attachment_added")).length, 1);
    const listed = await eventsOf(patientId, "patient.attachments_listed");
    assert.equal(listed[0].actorId, colleague.sub);
    const downloaded = await eventsOf(patientId, "patient.attachment_downloaded");
    assert.equal(downloaded[0].actorId, colleague.sub);
    assert.equal(downloaded[0].details.fileId, fileId);
    assert.equal(downloaded[0].details.reason, "own_hcp");
  });

  test("a file of one patient is not found through another patient's URL, even by the enroller of both", async () => {
    const first = await enrol();
    const second = await enrol();
    const fileId = (await attach(enroller, first)).body.attachment.id;
    assert.equal((await enroller.browser.get(`/api/patients/${second}/attachments/${fileId}`)).status, 404);
    assert.equal((await enroller.browser.request("DELETE", `/api/patients/${second}/attachments/${fileId}`)).status, 404);
    assert.deepEqual((await enroller.browser.get(`/api/patients/${second}/attachments`)).body.attachments, []);
    assert.equal((await enroller.browser.get(`/api/patients/${first}/attachments/${fileId}`)).status, 200);
  });

  test("an HP of another HCP gets 404 for the list, the download, an upload and a deletion — and their upload keeps nothing", async () => {
    const patientId = await enrol();
    const fileId = (await attach(enroller, patientId)).body.attachment.id;
    for (const url of [`/api/patients/${patientId}/attachments`, `/api/patients/${patientId}/attachments/${fileId}`]) {
      const answer = await stranger.browser.get(url);
      assert.equal(answer.status, 404, url);
      assert.equal(answer.body.detail, "Not found or no access.");
    }
    const before = await fileCount();
    const upload = await attach(stranger, patientId);
    assert.equal(upload.status, 404);
    assert.equal(await fileCount(), before, "nothing kept");
    assert.equal((await stranger.browser.request("DELETE", `/api/patients/${patientId}/attachments/${fileId}`)).status, 404);
    assert.equal((await eventsOf(patientId, "patient.attachment_downloaded")).length, 0, "no download happened");
  });

  test("a coordinator of the ERN reads the attachments but may not add or delete one", async () => {
    const patientId = await enrol();
    const fileId = (await attach(enroller, patientId)).body.attachment.id;
    assert.equal((await coordinator.browser.get(`/api/patients/${patientId}/attachments/${fileId}`)).status, 200);
    assert.equal((await attach(coordinator, patientId)).status, 404);
    assert.equal((await coordinator.browser.request("DELETE", `/api/patients/${patientId}/attachments/${fileId}`)).status, 404);
  });

  test("a disguised or oversized attachment is refused with its reason and the record does not change", async () => {
    const patientId = await enrol();
    const before = await fileCount();
    const disguised = await attach(enroller, patientId, { name: "report.pdf", type: "application/pdf", content: ELF });
    assert.equal(disguised.status, 400);
    assert.equal(disguised.body.errors[0].field, "file");
    const big = await attach(enroller, patientId, { name: "big.png", type: "image/png", content: Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 1)]) });
    assert.equal(big.status, 413);
    const noCategory = await attach(enroller, patientId, { name: "scan.png", type: "image/png", content: PNG }, { category: "x-ray", title: "" });
    assert.equal(noCategory.status, 400);
    assert.equal(noCategory.body.errors[0].field, "category");
    const longTitle = await attach(enroller, patientId, { name: "scan.png", type: "image/png", content: PNG }, { category: "image", title: "x".repeat(201) });
    assert.equal(longTitle.status, 400);
    assert.equal(longTitle.body.errors[0].field, "title");
    assert.equal(await fileCount(), before);
    const record = await enroller.browser.get(`/api/patients/${patientId}`);
    assert.equal(record.body.patient.version, 1);
  });

  test("deleting an attachment is a new version of the record without it; it is then neither listed nor downloaded, and stays for the history", async () => {
    const patientId = await enrol();
    const fileId = (await attach(enroller, patientId)).body.attachment.id;
    const deleted = await colleague.browser.request("DELETE", `/api/patients/${patientId}/attachments/${fileId}`);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.equal(deleted.body.version, 3);
    const history = await enroller.browser.get(`/api/patients/${patientId}/history`);
    assert.deepEqual(
      history.body.versions.map((version: { version: number; changes: string[] }) => [version.version, version.changes]),
      [
        [3, ["Attachments"]],
        [2, ["Attachments"]],
        [1, history.body.versions[2].changes],
      ],
    );
    assert.deepEqual((await enroller.browser.get(`/api/patients/${patientId}/attachments`)).body.attachments, []);
    assert.equal((await enroller.browser.get(`/api/patients/${patientId}/attachments/${fileId}`)).status, 404);
    assert.equal((await colleague.browser.request("DELETE", `/api/patients/${patientId}/attachments/${fileId}`)).status, 404);
    const [row] = await system.database.db.select().from(files).where(eq(files.id, fileId));
    assert.equal(row.deletedBySub, colleague.sub);
    assert.equal((await eventsOf(patientId, "patient.attachment_deleted")).length, 1);
  });

  test("a consent's signed form is listed with the attachments but cannot be deleted", async () => {
    const staged = await sendFile(enroller.browser, "/api/uploads", { name: "consent.pdf", type: "application/pdf", content: PDF }, { kind: "consent_form" });
    const enrolled = await enroller.browser.post("/api/patients", {
      ernCode: "EURACAN",
      providerId: enroller.providerId,
      consent: { given: true, date: "2026-01-15", formFileId: staged.body.file.id },
      record: {},
    });
    assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
    const patientId = enrolled.body.patient.id;
    const list = await enroller.browser.get(`/api/patients/${patientId}/attachments`);
    assert.deepEqual(
      list.body.attachments.map((file: { id: string }) => file.id),
      [staged.body.file.id],
    );
    const refused = await enroller.browser.request("DELETE", `/api/patients/${patientId}/attachments/${staged.body.file.id}`);
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /signed form of a consent/);
  });

  test("after consent for care is withdrawn the record is frozen: no file is added or deleted, and the upload keeps nothing", async () => {
    const patientId = await enrol();
    const fileId = (await attach(enroller, patientId)).body.attachment.id;
    const withdrawn = await enroller.browser.post(`/api/patients/${patientId}/consents/care/withdraw`, { reason: "The patient asked us to stop." });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    const before = await fileCount();
    const added = await attach(enroller, patientId);
    assert.equal(added.status, 409);
    assert.match(added.body.detail, /consent for care is withdrawn/);
    assert.equal(await fileCount(), before);
    assert.equal((await enroller.browser.request("DELETE", `/api/patients/${patientId}/attachments/${fileId}`)).status, 409);
    assert.equal((await enroller.browser.get(`/api/patients/${patientId}/attachments/${fileId}`)).status, 200, "the enroller still reads it");
  });

  test("ids that are not UUIDs are 404, not errors", async () => {
    const patientId = await enrol();
    assert.equal((await enroller.browser.get("/api/patients/not-a-uuid/attachments")).status, 404);
    assert.equal((await enroller.browser.get(`/api/patients/${patientId}/attachments/../../etc`)).status, 404);
    assert.equal((await enroller.browser.get(`/api/patients/${patientId}/attachments/123`)).status, 404);
  });
});
