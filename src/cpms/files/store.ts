/*
 * Where the content of cpms's files lives, by key: a folder (DATA_DIR/files,
 * the default) or an S3-compatible bucket (S3_BUCKET). The database keeps
 * each file's row and its key; the store keeps only bytes.
 *
 * - put is all or nothing: a reader never sees half a file under a key;
 * - get answers a stream, or FileContentMissing when the key holds nothing;
 * - delete of a key that holds nothing succeeds (purges may repeat).
 */
import path from "node:path";
import type { Readable } from "node:stream";
import type { Config } from "../../platform/config.ts";
import { folderStore } from "./folder-store.ts";
import { s3Store } from "./s3-store.ts";

export type FileStore = {
  /** Where files go, for the logs: "folder /srv/opencpms/files" or "S3 bucket x at https://…". */
  readonly description: string;
  /** Stores `size` bytes whose SHA-256 (hex) is `sha256` under `key`. */
  put(key: string, content: Readable, facts: { size: number; sha256: string }): Promise<void>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
};

export class FileContentMissing extends Error {
  constructor(key: string) {
    super(`The file store holds nothing under ${key}.`);
  }
}

/** Keys are ours (UUIDs): anything else is a bug, not a path to follow. */
export function checkKey(key: string): string {
  if (!/^[a-z0-9][a-z0-9-]{7,99}$/.test(key)) throw new Error(`Invalid file store key: ${JSON.stringify(key)}`);
  return key;
}

export function createFileStore(config: Config): FileStore {
  return config.files.s3 ? s3Store(config.files.s3) : folderStore(path.join(config.dataDir, "files"));
}
