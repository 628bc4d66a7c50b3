/*
 * With S3_BUCKET set, cpms keeps files in the bucket, not in DATA_DIR: an
 * upload and its download over real HTTP, against a real S3-compatible
 * server (s3rver, in this process).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import S3rver from "s3rver";
import { providerId } from "../../access/requests/testing.ts";
import type { System } from "../../system.ts";
import { cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";
import { s3Store } from "./s3-store.ts";
import { files } from "./tables.ts";
import { PNG, sendFile } from "./testing.ts";

let system: System;
let server: S3rver;
let bucketDir: string;
let dataDir: string;
let endpoint: string;

before(async () => {
  bucketDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-s3-uploads-"));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-s3-data-"));
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: bucketDir, configureBuckets: [{ name: "opencpms-files", configs: [] }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  system = await startCpmsTestSystem({
    DATA_DIR: dataDir,
    S3_BUCKET: "opencpms-files",
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
  });
});

after(async () => {
  await system?.close();
  await server?.close();
  fs.rmSync(bucketDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("with S3_BUCKET, an attachment's content goes to the bucket and comes back from it; DATA_DIR holds none", async () => {
  const at: [string, string, string] = ["EURACAN", "FR", "FR01"];
  const user = await cpmsUser(system, "Greta", "Bucket");
  await grant(system, user.sub, "HP", at);
  const enrolled = await user.browser.post("/api/patients", {
    ernCode: "EURACAN",
    providerId: await providerId(system, ...at),
    consent: { given: true, date: "2026-01-15" },
    record: {},
  });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
  const patientId = enrolled.body.patient.id;
  const added = await sendFile(
    user.browser,
    `/api/patients/${patientId}/attachments`,
    { name: "MRI.png", type: "image/png", content: PNG },
    { category: "image" },
  );
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const [row] = await system.database.db.select().from(files).where(eq(files.id, added.body.attachment.id));
  const bucket = s3Store({ endpoint, bucket: "opencpms-files", region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true });
  assert.deepEqual(await buffer(await bucket.get(row.storageKey)), PNG, "the bucket holds the very bytes");
  assert.equal(fs.existsSync(path.join(dataDir, "files")), false, "nothing in DATA_DIR/files");
  const download = await system.server("cpms").inject({
    method: "GET",
    url: `/api/patients/${patientId}/attachments/${row.id}`,
    headers: { cookie: `cpms_session=${user.browser.cookies.get("cpms_session")}` },
  });
  assert.equal(download.statusCode, 200);
  assert.deepEqual(download.rawPayload, PNG);
  assert.equal(download.headers["content-type"], "image/png");
});
