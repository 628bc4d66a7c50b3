/*
 * Files in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph), over
 * plain HTTP requests signed with AWS Signature V4 (aws4fetch).
 *
 * - PUT streams the content with its length and its SHA-256 as the signed
 *   payload hash, so the server refuses a body that differs from what was
 *   checked (and S3 writes an object whole or not at all);
 * - a PUT is sent once (its stream cannot be replayed); GET and DELETE are
 *   retried on network errors and 5xx answers;
 * - path style (endpoint/bucket/key) or virtual-hosted (bucket.endpoint/key).
 */
import { Readable } from "node:stream";
import { AwsClient } from "aws4fetch";
import type { S3Settings } from "../../platform/config.ts";
import { checkKey, FileContentMissing, type FileStore } from "./store.ts";

export function s3Store(settings: S3Settings): FileStore {
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    region: settings.region,
    service: "s3",
    retries: 3,
  });
  const urlOf = (key: string) => {
    const endpoint = new URL(settings.endpoint);
    const base = endpoint.pathname.replace(/\/+$/, "");
    if (settings.forcePathStyle) endpoint.pathname = `${base}/${settings.bucket}/${checkKey(key)}`;
    else {
      endpoint.hostname = `${settings.bucket}.${endpoint.hostname}`;
      endpoint.pathname = `${base}/${checkKey(key)}`;
    }
    return endpoint.toString();
  };
  const fail = async (action: string, key: string, response: Response) => {
    const body = (await response.text().catch(() => "")).slice(0, 300);
    return new Error(`S3 ${action} of ${key} answered ${response.status}: ${body}`);
  };
  return {
    description: `S3 bucket ${settings.bucket} at ${settings.endpoint}`,
    async put(key, content, facts) {
      const signed = await client.sign(urlOf(key), {
        method: "PUT",
        headers: { "content-length": String(facts.size), "x-amz-content-sha256": facts.sha256, "content-type": "application/octet-stream" },
        body: Readable.toWeb(content) as ReadableStream,
      });
      const response = await fetch(signed);
      if (!response.ok) throw await fail("PUT", key, response);
      await response.body?.cancel();
    },
    async get(key) {
      const response = await client.fetch(urlOf(key));
      if (response.status === 404) {
        await response.body?.cancel();
        throw new FileContentMissing(key);
      }
      if (!response.ok || !response.body) throw await fail("GET", key, response);
      return Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
    },
    async delete(key) {
      const response = await client.fetch(urlOf(key), { method: "DELETE" });
      await response.body?.cancel();
      if (!response.ok && response.status !== 404) throw await fail("DELETE", key, response);
    },
  };
}
