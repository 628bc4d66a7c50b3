/*
 * Keeping a received file: its content checked (file-types.ts), then
 * written to the file store under a fresh key; then its row, by the caller,
 * in a transaction. When the row cannot be written the content is removed
 * again (keepFile's `undo`), so the store holds no file without its row.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { type CheckedType, checkFileType } from "./file-types.ts";
import type { ReceivedUpload } from "./receive-upload.ts";
import type { FileStore } from "./store.ts";

export type KeptFile = { storageKey: string; checked: CheckedType; undo: () => Promise<void> };

export async function keepFile(store: FileStore, received: ReceivedUpload): Promise<KeptFile> {
  const checked = await checkFileType(received.path, received.name, received.declaredType);
  const storageKey = randomUUID();
  await store.put(storageKey, fs.createReadStream(received.path), { size: received.size, sha256: received.sha256 });
  return { storageKey, checked, undo: () => store.delete(storageKey) };
}

/** Runs `write` (the row) once the file is kept; removes the content if `write` fails. */
export async function withKeptFile<T>(store: FileStore, received: ReceivedUpload, write: (kept: KeptFile) => Promise<T>): Promise<T> {
  const kept = await keepFile(store, received);
  try {
    return await write(kept);
  } catch (error) {
    await kept.undo().catch(() => {});
    throw error;
  }
}
