/*
 * File names as users gave them, made safe to keep and to send back:
 * - only the last path component (C:\Users\…\report.pdf → report.pdf);
 * - Unicode NFC, without control, bidirectional-override or reserved
 *   characters (<>:"/\|?* and the like), spaces collapsed, no leading dots;
 * - at most 150 characters, the extension kept;
 * - on download, a Content-Disposition with an ASCII fallback and the
 *   exact name in RFC 5987 encoding.
 */
const MAX_LENGTH = 150;

export function sanitizeFileName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? "";
  const cleaned = last
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+/, "")
    .replace(/[\s.]+$/, "");
  if (cleaned === "") return "file";
  if (cleaned.length <= MAX_LENGTH) return cleaned;
  const extension = extensionOf(cleaned);
  const keep = extension && extension.length < 10 ? `.${extension}` : "";
  return `${cleaned.slice(0, MAX_LENGTH - keep.length).trimEnd()}${keep}`;
}

/** The lower-case extension without its dot ("" when none). */
export function extensionOf(name: string): string {
  const match = /\.([^.\s]{1,10})$/.exec(name);
  return match ? match[1].toLowerCase() : "";
}

/** Content-Disposition: attachment, with an ASCII-only fallback name and the UTF-8 one. */
export function attachmentDisposition(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
