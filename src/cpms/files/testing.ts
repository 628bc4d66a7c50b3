/*
 * Test fixtures of files: multipart bodies as a browser's FormData sends
 * them (or broken on purpose), and small real files of each kind.
 */
import type { TestBrowser } from "../../platform/testing/http-client.ts";

export type Part = { field: string; value: string } | { field: string; name: string; type: string; content: Buffer | string };

/** The bytes and Content-Type a browser would send for these parts. */
export async function multipartBody(parts: Part[]): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const part of parts) {
    if ("value" in part) form.append(part.field, part.value);
    else form.append(part.field, new Blob([typeof part.content === "string" ? part.content : new Uint8Array(part.content)], { type: part.type }), part.name);
  }
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get("content-type") as string };
}

export async function sendFile(
  browser: TestBrowser,
  url: string,
  file: { name: string; type: string; content: Buffer | string },
  fields: Record<string, string> = {},
) {
  const { body, contentType } = await multipartBody([...Object.entries(fields).map(([field, value]) => ({ field, value })), { field: "file", ...file }]);
  return browser.request("POST", url, body, { "content-type": contentType });
}

export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);
export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
/** A DICOM Part 10 file: 128-byte preamble, "DICM", then a data element. */
export const DICOM = Buffer.concat([Buffer.alloc(128), Buffer.from("DICM"), Buffer.from([0x02, 0x00, 0x00, 0x00, 0x55, 0x4c, 0x04, 0x00, 0, 0, 0, 0])]);
/** The start of a Linux executable. */
export const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 1)]);
export const HTML = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/patients")</script></body></html>');
