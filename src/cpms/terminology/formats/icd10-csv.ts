/*
 * ICD-10 as a CSV file (RFC 4180, UTF-8 with or without byte-order mark),
 * for editions distributed otherwise: a header row naming the columns
 *   code,label[,synonyms]
 * then one category per row: code "C49.9" (WHO shape: a letter, two digits,
 * an optional dot and one or two digits), its label, and optionally
 * synonyms separated by "|". A row's parent is the code before its dot
 * when the file has it. Streamed row by row; problems name their line.
 */
import type { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { type ReadRelease, ReleaseReader } from "./release-reader.ts";

const COLUMNS = ["code", "label", "synonyms"];

export async function readIcd10Csv(input: Readable): Promise<ReadRelease> {
  const reader = new ReleaseReader("ICD10");
  const rows: { line: number; code: string; label: string; synonyms: string[] }[] = [];
  let columns: string[] | null = null;
  try {
    for await (const { record, info } of input.pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }))) {
      const fields = record as string[];
      const line = (info as { lines: number }).lines;
      if (!columns) {
        columns = fields.map((name) => name.trim().toLowerCase());
        const unknown = columns.filter((name) => !COLUMNS.includes(name));
        if (unknown.length || !columns.includes("code") || !columns.includes("label")) {
          reader.problem(`line ${line}`, `the first row names the columns: code,label and optionally synonyms (found ${columns.join(",").slice(0, 80)})`);
          return reader.result();
        }
        continue;
      }
      if (fields.length !== columns.length) {
        reader.problem(`line ${line}`, `expected ${columns.length} fields (${columns.join(",")}), found ${fields.length}`);
        continue;
      }
      const field = (name: string) => (columns?.includes(name) ? (fields[columns.indexOf(name)] ?? "").trim() : "");
      rows.push({ line, code: field("code"), label: field("label"), synonyms: field("synonyms").split("|") });
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    reader.problem(`line ${(error as CsvError & { lines?: number }).lines ?? 1}`, `this is not valid CSV: ${error.message}`);
    return reader.result();
  }
  const codes = new Set(rows.map((row) => row.code));
  for (const row of rows) {
    const parent = row.code.split(".")[0];
    reader.add(`line ${row.line}`, { ...row, parents: parent !== row.code && codes.has(parent) ? [parent] : [] });
  }
  return reader.result();
}
