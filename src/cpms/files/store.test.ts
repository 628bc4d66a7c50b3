/*
 * The file stores against what they stand for: the folder store in a
 * temporary folder, the S3 store against a real S3-compatible server
 * (s3rver, in this process; it knows access keys but does not verify V4
 * signatures, which real servers do).
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { after, before, describe, test } from "node:test";
import S3rver from "s3rver";
import { folderStore } from "./folder-store.ts";
import { s3Store } from "./s3-store.ts";
import { FileContentMissing, type FileStore } from "./store.ts";

const facts = (content: string) => ({ size: Buffer.byteLength(content), sha256: createHash("sha256").update(content).digest("hex") });

function behavesAsAStore(name: string, open: () => FileStore) {
  test(`${name}: a file put under a key comes back whole, and is gone once deleted`, async () => {
    const store = open();
    const key = randomUUID();
    const content = "Histology report: leiomyosarcoma, grade 2.\n".repeat(2000);
    await store.put(key, Readable.from([content]), facts(content));
    assert.equal(await text(await store.get(key)), content);
    await store.delete(key);
    await assert.rejects(store.get(key), FileContentMissing);
    await store.delete(key);
  });

  test(`${name}: a key that holds nothing is FileContentMissing`, async () => {
    await assert.rejects(open().get(randomUUID()), FileContentMissing);
  });

  test(`${name}: a key that is not ours is refused before any request`, async () => {
    await assert.rejects(open().get("../../etc/passwd"), /Invalid file store key/);
  });
}

describe("Folder store", () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-files-"));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  behavesAsAStore("folder", () => folderStore(root));

  test("a stream that breaks mid-way leaves nothing under the key, not even a partial file", async () => {
    const store = folderStore(root);
    const key = randomUUID();
    const broken = new Readable({
      read() {
        this.push("half a file");
        this.destroy(new Error("connection reset"));
      },
    });
    await assert.rejects(store.put(key, broken, { size: 100, sha256: "0".repeat(64) }), /connection reset/);
    await assert.rejects(store.get(key), FileContentMissing);
    assert.deepEqual(fs.readdirSync(path.join(root, key.slice(0, 2))), []);
  });
});

describe("S3 store", () => {
  let server: S3rver;
  let endpoint: string;
  let directory: string;
  before(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-s3-"));
    server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: "opencpms-files", configs: [] }] });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await server.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });
  const settings = () => ({ endpoint, bucket: "opencpms-files", region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true });

  behavesAsAStore("S3", () => s3Store(settings()));

  test("an access key the server does not know is refused: nothing is stored", async () => {
    const key = randomUUID();
    const content = "consent form";
    await assert.rejects(s3Store({ ...settings(), accessKeyId: "UNKNOWN" }).put(key, Readable.from([content]), facts(content)), /S3 PUT .* answered 403/);
    await assert.rejects(s3Store(settings()).get(key), FileContentMissing);
  });
});
