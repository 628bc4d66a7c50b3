/*
 * Sending a stored file back to a browser, the same way wherever it is
 * downloaded from (a record's attachments, a panel's files): as an
 * attachment with the type checked at upload, never sniffed, never
 * rendered as a page (CSP sandbox), never cached, never embedded elsewhere.
 */
import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import { attachmentDisposition } from "./file-names.ts";

export function sendStoredFile(reply: FastifyReply, file: { type: string; size: number; name: string }, content: Readable) {
  return reply
    .header("content-type", file.type)
    .header("content-length", String(file.size))
    .header("content-disposition", attachmentDisposition(file.name))
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "sandbox; default-src 'none'")
    .header("cache-control", "private, no-store")
    .header("cross-origin-resource-policy", "same-origin")
    .send(content);
}
