/*
 * Staged uploads over real HTTP on a real database, files kept in a
 * temporary DATA_DIR: what is accepted (checked by content), what is
 * refused and that a refusal keeps nothing, who may claim an upload, and
 * that unclaimed uploads expire.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { providerId } from "../../access/requests/testing.ts";
import type { System } from "../../system.ts";
import { type CpmsTestUser, cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";
import { auditEvents } from "../pg-schema.ts";
import { purgeExpiredUploads } from "./purge-uploads.ts";
import { folderStore } from "./folder-store.ts";
import { files } from "./tables.ts";
import { DICOM, ELF, HTML, multipartBody, PDF, PNG, sendFile } from "./testing.ts";

let system: System;
let dataDir: string;
let hp: CpmsTestUser & { providerId: string };
let colleague: CpmsTestUser & { providerId: string };

const AT: [string, string, string] = ["EURACAN", "FR", "FR01"];

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-uploads-test-"));
  system = await startCpmsTestSystem({ DATA_DIR: dataDir, ATTACHMENT_MAX_MB: "1" });
  const member = async (firstName: string) => {
    const user = await cpmsUser(system, firstName, "Uploader");
    await grant(system, user.sub, "HP", AT);
    return { ...user, providerId: await providerId(system, ...AT) };
  };
  hp = await member("Amélie");
  colleague = await member("Bruno");
});

after(async () => {
  await system?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every file in the store's folder. */
function storedFiles(): string[] {
  const root = path.join(dataDir, "files");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

async function rows() {
  return system.database.db.select().from(files);
}

/** Runs `send` and asserts it left no row, no stored file and no temporary upload behind. */
async function keepsNothing(send: () => ReturnType<typeof sendFile>) {
  const before = { rows: (await rows()).length, stored: storedFiles().length };
  const answer = await send();
  assert.equal((await rows()).length, before.rows, "no row");
  assert.equal(storedFiles().length, before.stored, "no file in the store");
  assert.deepEqual(
    fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`opencpms-upload-${process.pid}-`)),
    [],
    "no temporary upload left",
  );
  return answer;
}

describe("staged uploads", () => {
  test("a PDF is kept with its checked type, size and SHA-256, for its uploader only, for 24 hours, and audited", async () => {
    const answer = await sendFile(
      hp.browser,
      "/api/uploads",
      { name: "Consentement signé.pdf", type: "application/pdf", content: PDF },
      { kind: "consent_form" },
    );
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const file = answer.body.file;
    assert.equal(file.name, "Consentement signé.pdf");
    assert.equal(file.type, "application/pdf");
    assert.equal(file.kind, "consent_form");
    assert.equal(file.size, PDF.length);
    assert.equal(file.sha256, createHash("sha256").update(PDF).digest("hex"));
    assert.equal(file.ownerName, hp.name);
    const hours = (Date.parse(file.expiresAt) - Date.parse(file.createdAt)) / 3600_000;
    assert.equal(hours, 24);
    assert.equal("storageKey" in file, false, "the storage key stays on the server");
    const [row] = await system.database.db.select().from(files).where(eq(files.id, file.id));
    assert.equal(row.ownerSub, hp.sub);
    assert.equal(row.patientId, null);
    const stored = fs.readFileSync(path.join(dataDir, "files", row.storageKey.slice(0, 2), row.storageKey));
    assert.deepEqual(stored, PDF, "the folder store holds the very bytes");
    const events = await system.database.db.select().from(auditEvents).where(eq(auditEvents.type, "file.staged"));
    assert.ok(events.some((event) => event.details.fileId === file.id && event.actorId === hp.sub));
  });

  test("images, DICOM and UTF-8 text are accepted with the type their content shows", async () => {
    for (const [name, content, type] of [
      ["scan.png", PNG, "image/png"],
      ["CT-0001", DICOM, "application/dicom"],
      ["series.dcm", DICOM, "application/dicom"],
      ["notes.txt", Buffer.from("Résumé : sarcome des tissus mous, suivi à 3 mois.\n"), "text/plain"],
    ] as const) {
      const answer = await sendFile(hp.browser, "/api/uploads", { name, type: "application/octet-stream", content });
      assert.equal(answer.status, 201, `${name}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.file.type, type, name);
    }
  });

  test("a file of exactly ATTACHMENT_MAX_MB is accepted, though the request is larger than the server's JSON body limit", async () => {
    const full = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 - PDF.length, 0x20)]);
    const answer = await sendFile(hp.browser, "/api/uploads", { name: "full.pdf", type: "application/pdf", content: full });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.file.size, 1024 * 1024);
  });

  test("a file larger than ATTACHMENT_MAX_MB is refused with 413 while it arrives, and nothing of it is kept", async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024, 0x20)]);
    const answer = await keepsNothing(() => sendFile(hp.browser, "/api/uploads", { name: "big.pdf", type: "application/pdf", content: big }));
    assert.equal(answer.status, 413);
    assert.match(answer.body.detail, /larger than 1 MB/);
    assert.equal(answer.body.errors[0].field, "file");
  });

  test("a file whose content is not what its name says is refused, and nothing is kept", async () => {
    for (const [name, type, content, message] of [
      ["report.pdf", "application/pdf", ELF, /not one CPMS accepts \(it is a program\)/],
      ["report.pdf", "application/pdf", HTML, /web page/],
      ["photo.png", "image/png", HTML, /web page/],
      ["report.pdf", "application/pdf", PNG, /named \.pdf but its content is a PNG image/],
      ["scan.png", "text/html", PNG, /sent as text\/html but its content is a PNG image/],
      ["notes.txt", "text/plain", Buffer.from([0x52, 0xe9, 0x73, 0x75, 0x6d, 0xe9, 0x0a]), /plain text in UTF-8/],
      ["empty.pdf", "application/pdf", Buffer.alloc(0), /empty/],
    ] as const) {
      const answer = await keepsNothing(() => sendFile(hp.browser, "/api/uploads", { name, type, content }));
      assert.equal(answer.status, 400, name);
      assert.equal(answer.body.errors[0].field, "file", name);
      assert.match(answer.body.detail, message, name);
    }
  });

  test("a file name with a path, control characters or reserved characters is kept without them", async () => {
    const answer = await sendFile(hp.browser, "/api/uploads", {
      name: "..\\..\\C:\\Users\\dr\\<rapport>\u202e\u0007 final .pdf",
      type: "application/pdf",
      content: PDF,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.file.name, "_rapport_ final .pdf");
  });

  test("a malformed or truncated multipart body, or no multipart at all, is refused and nothing is kept", async () => {
    const { body, contentType } = await multipartBody([{ field: "file", name: "report.pdf", type: "application/pdf", content: PDF }]);
    const truncated = await keepsNothing(() => hp.browser.request("POST", "/api/uploads", body.subarray(0, body.length - 60), { "content-type": contentType }));
    assert.equal(truncated.status, 400);
    assert.match(truncated.body.detail, /incomplete or malformed/);
    const wrongBoundary = await keepsNothing(() =>
      hp.browser.request("POST", "/api/uploads", body, { "content-type": "multipart/form-data; boundary=not-the-boundary" }),
    );
    assert.equal(wrongBoundary.status, 400);
    const json = await keepsNothing(() => hp.browser.post("/api/uploads", { file: PDF.toString("base64") }));
    assert.equal(json.status, 415);
    assert.match(json.body.detail, /multipart\/form-data/);
  });

  test("two files at once, an unknown field or a wrong kind are refused", async () => {
    const two = await multipartBody([
      { field: "file", name: "a.pdf", type: "application/pdf", content: PDF },
      { field: "file", name: "b.pdf", type: "application/pdf", content: PDF },
    ]);
    const answer = await keepsNothing(() => hp.browser.request("POST", "/api/uploads", two.body, { "content-type": two.contentType }));
    assert.equal(answer.status, 400);
    const unknown = await keepsNothing(() =>
      sendFile(hp.browser, "/api/uploads", { name: "a.pdf", type: "application/pdf", content: PDF }, { patientId: "x" }),
    );
    assert.equal(unknown.status, 400);
    const kind = await keepsNothing(() => sendFile(hp.browser, "/api/uploads", { name: "a.pdf", type: "application/pdf", content: PDF }, { kind: "script" }));
    assert.equal(kind.status, 400);
    assert.equal(kind.body.errors[0].field, "kind");
  });

  test("signed out, nothing is uploaded", async () => {
    const anonymous = hp.browser.app;
    const { body, contentType } = await multipartBody([{ field: "file", name: "a.pdf", type: "application/pdf", content: PDF }]);
    const csrf = await anonymous.inject({ method: "GET", url: "/api/csrf" });
    const answer = await anonymous.inject({
      method: "POST",
      url: "/api/uploads",
      payload: body,
      headers: { "content-type": contentType, "x-csrf-token": csrf.json().token, cookie: csrf.headers["set-cookie"]?.toString().split(";")[0] ?? "" },
    });
    assert.equal(answer.statusCode, 401);
  });

  test("another user's staged upload cannot be named as one's consent form; one's own can", async () => {
    const theirs = await sendFile(colleague.browser, "/api/uploads", { name: "form.pdf", type: "application/pdf", content: PDF }, { kind: "consent_form" });
    assert.equal(theirs.status, 201);
    const enrolment = (formFileId: string) => ({
      ernCode: "EURACAN",
      providerId: hp.providerId,
      localNumber: "IPP-1",
      consent: { given: true, date: "2026-01-15", formFileId },
      record: {},
    });
    const refused = await hp.browser.post("/api/patients", enrolment(theirs.body.file.id));
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.errors[0].field, "consent.formFileId");
    const [still] = await system.database.db.select().from(files).where(eq(files.id, theirs.body.file.id));
    assert.equal(still.patientId, null, "their upload stays theirs");
    const mine = await sendFile(hp.browser, "/api/uploads", { name: "form.pdf", type: "application/pdf", content: PDF }, { kind: "consent_form" });
    const enrolled = await hp.browser.post("/api/patients", enrolment(mine.body.file.id));
    assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
    const [claimed] = await system.database.db.select().from(files).where(eq(files.id, mine.body.file.id));
    assert.equal(claimed.patientId, enrolled.body.patient.id);
    assert.equal(claimed.expiresAt, null, "an attached file no longer expires");
  });

  test("staged uploads expire: after 24 hours they cannot be claimed, and housekeeping removes row and content", async () => {
    const staged = await sendFile(hp.browser, "/api/uploads", { name: "late.pdf", type: "application/pdf", content: PDF });
    const [row] = await system.database.db.select().from(files).where(eq(files.id, staged.body.file.id));
    const later = new Date(Date.now() + 25 * 3600_000);
    await system.database.db
      .update(files)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(files.id, row.id));
    const refused = await hp.browser.post("/api/patients", {
      ernCode: "EURACAN",
      providerId: hp.providerId,
      consent: { given: true, date: "2026-01-15", formFileId: row.id },
      record: {},
    });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    const attached = (await rows()).filter((file) => file.patientId !== null).length;
    const purged = await purgeExpiredUploads(system.database.db, folderStore(path.join(dataDir, "files")), later);
    assert.ok(purged >= 1);
    assert.equal((await system.database.db.select().from(files).where(eq(files.id, row.id))).length, 0, "the row is gone");
    assert.equal(storedFiles().includes(row.storageKey), false, "the content is gone");
    assert.equal((await rows()).filter((file) => file.patientId !== null).length, attached, "attached files are never purged");
  });
});
