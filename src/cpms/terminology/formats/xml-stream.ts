/*
 * Feeds a file to a saxes parser chunk by chunk, so large XML files are
 * never held whole. The text is decoded as its XML declaration says:
 * UTF-8 by default, ISO-8859-1 (as Orphadata's files declare) or another
 * encoding the WHATWG decoder knows. A malformed document ends the reading:
 * its message carries saxes's line and column.
 */
import type { Readable } from "node:stream";
import type { SaxesParser } from "saxes";

function declaredEncoding(head: Buffer): string {
  const declaration = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 200).toString("latin1"));
  return declaration?.[1].toLowerCase() ?? "utf-8";
}

export async function feedXml(parser: SaxesParser, input: Readable): Promise<string | null> {
  let decoder: TextDecoder | null = null;
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      if (!decoder) {
        const encoding = declaredEncoding(bytes);
        try {
          decoder = new TextDecoder(encoding, { fatal: true });
        } catch {
          return `the file declares the encoding “${encoding.slice(0, 40)}”, which is not known`;
        }
      }
      parser.write(decoder.decode(bytes, { stream: true }));
    }
    if (decoder) parser.write(decoder.decode());
    parser.close();
    return null;
  } catch (error) {
    if (error instanceof TypeError) return `line ${parser.line}: the file is not ${decoder?.encoding ?? "UTF-8"} text`;
    return (error as Error).message;
  }
}
