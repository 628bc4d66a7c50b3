/*
 * Files in a folder: <root>/<first two characters of the key>/<key>.
 * Written to a temporary name in the same folder and renamed, so a key
 * holds the whole file or nothing; readable by the service's user only.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { checkKey, FileContentMissing, type FileStore } from "./store.ts";

export function folderStore(root: string): FileStore {
  const where = (key: string) => path.join(root, checkKey(key).slice(0, 2), key);
  return {
    description: `folder ${root}`,
    async put(key, content, facts) {
      const target = where(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const partial = `${target}.${randomBytes(6).toString("hex")}.partial`;
      try {
        await pipeline(content, fs.createWriteStream(partial, { flags: "wx", mode: 0o600 }));
        const { size } = await fs.promises.stat(partial);
        if (size !== facts.size) throw new Error(`Stored ${size} bytes under ${key}, expected ${facts.size}.`);
        await fs.promises.rename(partial, target);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      try {
        const handle = await fs.promises.open(where(key), "r");
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new FileContentMissing(key);
        throw error;
      }
    },
    async delete(key) {
      await fs.promises.rm(where(key), { force: true });
    },
  };
}
