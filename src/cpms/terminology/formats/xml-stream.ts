/*
 * Feeds a file to a saxes parser chunk by chunk (UTF-8), so large XML files
 * are never held whole. A malformed document ends the reading: its message
 * carries saxes's line and column.
 */
import type { Readable } from "node:stream";
import type { SaxesParser } from "saxes";

export async function feedXml(parser: SaxesParser, input: Readable): Promise<string | null> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of input) parser.write(typeof chunk === "string" ? chunk : decoder.decode(chunk as Buffer, { stream: true }));
    parser.write(decoder.decode());
    parser.close();
    return null;
  } catch (error) {
    if (error instanceof TypeError) return `line ${parser.line}: the file is not UTF-8 text`;
    return (error as Error).message;
  }
}
