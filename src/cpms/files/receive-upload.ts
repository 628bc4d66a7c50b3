/*
 * Receiving one file as multipart/form-data, streamed to a private
 * temporary folder (opencpms-upload-<pid>-…: whose leftovers they are
 * can be told) while its SHA-256 and size are computed:
 * - larger than the limit: 413 as soon as the limit is crossed, the partial
 *   file removed (nothing of it is kept anywhere);
 * - one file, in the field "file"; only the expected text fields, short;
 * - a request that is not multipart, or a malformed or truncated one: 400;
 * - an empty file is refused.
 * The caller checks the content, stores it, then calls discard() — always.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type {} from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { BadRequest, InvalidField, Problem } from "../../platform/http/errors.ts";
import { sanitizeFileName } from "./file-names.ts";

export type ReceivedUpload = {
  /** Where the bytes wait (temporary). */
  path: string;
  /** The sanitised name the user gave the file. */
  name: string;
  declaredType: string;
  size: number;
  sha256: string;
  fields: Record<string, string>;
  discard: () => Promise<void>;
};

export class FileTooLarge extends Problem {
  constructor(maxBytes: number) {
    super(413, "Payload Too Large", `This file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most CPMS accepts. Please send a smaller file.`, [
      { field: "file", detail: `Files may be at most ${Math.round(maxBytes / 1024 / 1024)} MB.` },
    ]);
  }
}

const MALFORMED = "The upload arrived incomplete or malformed. Please try again.";

export async function receiveUpload(request: FastifyRequest, options: { maxBytes: number; fields: string[] }): Promise<ReceivedUpload> {
  if (!request.isMultipart()) throw new Problem(415, "Unsupported Media Type", "Send the file as multipart/form-data.");
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), `opencpms-upload-${process.pid}-`));
  const discard = () => fs.promises.rm(folder, { recursive: true, force: true });
  try {
    const fields: Record<string, string> = {};
    let file: Omit<ReceivedUpload, "fields" | "discard"> | undefined;
    const parts = request.parts({
      limits: { fileSize: options.maxBytes, files: 1, fields: options.fields.length, fieldSize: 4000, parts: options.fields.length + 1, headerPairs: 50 },
    });
    for await (const part of parts) {
      if (part.type === "field") {
        if (!options.fields.includes(part.fieldname)) throw new InvalidField(part.fieldname, `Unexpected field "${part.fieldname}".`);
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== "file") throw new InvalidField(part.fieldname, 'Send the file in the field "file".');
      const target = path.join(folder, "content");
      const hash = createHash("sha256");
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(part.file, measure, fs.createWriteStream(target, { mode: 0o600 }));
      if (part.file.truncated) throw new FileTooLarge(options.maxBytes);
      file = { path: target, name: sanitizeFileName(part.filename ?? ""), declaredType: part.mimetype ?? "", size, sha256: hash.digest("hex") };
    }
    if (!file) throw new InvalidField("file", "Please choose a file to upload.");
    if (file.size === 0) throw new InvalidField("file", "This file is empty.");
    return { ...file, fields, discard };
  } catch (error) {
    await discard();
    throw asProblem(error, options.maxBytes);
  }
}

/** @fastify/multipart's and busboy's errors, in words for the user. */
function asProblem(error: unknown, maxBytes: number): unknown {
  if (error instanceof Problem) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code === "FST_REQ_FILE_TOO_LARGE") return new FileTooLarge(maxBytes);
  if (code === "FST_FILES_LIMIT") return new InvalidField("file", "Send one file at a time.");
  if (code === "FST_FIELDS_LIMIT" || code === "FST_PARTS_LIMIT") return new BadRequest("This upload has more fields than expected.");
  if (code === "FST_PROTO_VIOLATION" || code === "FST_INVALID_MULTIPART_CONTENT_TYPE") return new BadRequest(MALFORMED);
  if (/unexpected end of form|malformed|boundary|multipart|part terminated/i.test(message ?? "")) return new BadRequest(MALFORMED);
  return error;
}
