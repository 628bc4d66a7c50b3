/*
 * The healthcare-provider list operators load with `opencpms orgs import`:
 * a CSV file (RFC 4180: comma-separated, fields with commas, quotes or line
 * breaks in double quotes, a quote inside doubled), UTF-8 with or without a
 * byte-order mark. Its first row names the columns, in any order:
 *   ern,country,code,name,city,website
 * (city and website may be left out). Rules, each broken one reported with
 * the line it starts on:
 * - ern: the code of an existing ERN ("EURACAN"); country: the ISO code of
 *   an existing country ("FR", any case);
 * - code: 1 to 10 letters, digits, dots, hyphens or underscores, kept in
 *   capitals ("fr01" is FR01), not "0000" (Guest Access is there already);
 * - name: required, at most 200 characters; city at most 100; website an
 *   http(s) address of at most 300;
 * - one row per ERN, country and code in the file.
 * This module only reads and checks; import.ts writes.
 */
import { CsvError, parse } from "csv-parse/sync";
import { GUEST_ACCESS } from "./guest-access.ts";

export const COLUMNS = ["ern", "country", "code", "name", "city", "website"] as const;
const REQUIRED = ["ern", "country", "code", "name"];

export type ProviderLine = { line: number; ernCode: string; countryCode: string; code: string; name: string; city: string | null; website: string | null };
export type LineProblem = { line: number; message: string };
export type Known = { erns: string[]; countries: string[] };

export function readProvidersCsv(text: string, known: Known): { rows: ProviderLine[]; problems: LineProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { rows: [], problems: [{ line: (error as CsvError & { lines?: number }).lines ?? 1, message: `this is not valid CSV: ${error.message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, message: `the file is empty: its first row names the columns (${COLUMNS.join(",")})` }] };
  const columns = header.record.map((name) => name.trim().toLowerCase());
  const headerProblem = checkHeader(columns);
  if (headerProblem) return { rows: [], problems: [{ line: startLine(header), message: headerProblem }] };
  if (body.length === 0) return { rows: [], problems: [{ line: 2, message: "the file has no healthcare provider after its header row" }] };

  const ernByLowerCase = new Map(known.erns.map((code) => [code.toLowerCase(), code]));
  const countries = new Set(known.countries);
  const seen = new Map<string, number>();
  const rows: ProviderLine[] = [];
  const problems: LineProblem[] = [];
  for (const entry of body) {
    const line = startLine(entry);
    if (entry.record.length !== columns.length) {
      problems.push({ line, message: `expected ${columns.length} fields (${columns.join(",")}), found ${entry.record.length}` });
      continue;
    }
    const field = (name: string) => entry.record[columns.indexOf(name)]?.trim() ?? "";
    const row: ProviderLine = {
      line,
      ernCode: field("ern"),
      countryCode: field("country").toUpperCase(),
      code: field("code").toUpperCase(),
      name: field("name"),
      city: field("city") || null,
      website: field("website") || null,
    };
    const wrong = checkRow(row, ernByLowerCase, countries);
    const key = `${row.ernCode}/${row.countryCode}/${row.code}`;
    const first = seen.get(key);
    if (first !== undefined) wrong.push(`${row.ernCode} / ${row.countryCode} / ${row.code} is already on line ${first}`);
    else seen.set(key, line);
    if (wrong.length) problems.push({ line, message: wrong.join("; ") });
    else rows.push(row);
  }
  return { rows, problems };
}

/** The line a record starts on: csv-parse counts the line it ends on. */
function startLine(entry: { record: string[]; info: { lines: number } }): number {
  return entry.info.lines - entry.record.reduce((breaks, value) => breaks + (value.match(/\n/g)?.length ?? 0), 0);
}

function checkHeader(columns: string[]): string | null {
  const unknown = columns.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length) return `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `“${c}”`).join(", ")}: the columns are ${COLUMNS.join(",")}`;
  const missing = REQUIRED.filter((name) => !columns.includes(name));
  if (missing.length) return `the header row lacks ${missing.join(", ")}: the columns are ${COLUMNS.join(",")} (city and website may be left out)`;
  const twice = columns.find((name, index) => columns.indexOf(name) !== index);
  if (twice) return `the column “${twice}” is named twice`;
  return null;
}

function checkRow(row: ProviderLine, ernByLowerCase: Map<string, string>, countries: Set<string>): string[] {
  const wrong: string[] = [];
  if (!row.ernCode) wrong.push("ern is empty");
  else if (!ernByLowerCase.has(row.ernCode.toLowerCase())) wrong.push(`there is no ERN “${row.ernCode}”`);
  else if (ernByLowerCase.get(row.ernCode.toLowerCase()) !== row.ernCode)
    wrong.push(`there is no ERN “${row.ernCode}”: did you mean ${ernByLowerCase.get(row.ernCode.toLowerCase())}?`);
  if (!row.countryCode) wrong.push("country is empty");
  else if (!countries.has(row.countryCode)) wrong.push(`there is no country “${row.countryCode}” (use the two-letter ISO code of an EU/EEA country, like FR)`);
  if (!row.code) wrong.push("code is empty");
  else if (!/^[A-Za-z0-9._-]{1,10}$/.test(row.code)) wrong.push(`the code “${row.code}” must be 1 to 10 letters, digits, dots, hyphens or underscores`);
  else if (row.code === GUEST_ACCESS.code) wrong.push(`the code ${GUEST_ACCESS.code} is ${GUEST_ACCESS.name}'s, which every ERN and country has already`);
  if (!row.name) wrong.push("name is empty");
  else if (row.name.length > 200) wrong.push("name is longer than 200 characters");
  if (row.city && row.city.length > 100) wrong.push("city is longer than 100 characters");
  if (row.website && !isWebAddress(row.website)) wrong.push(`the website “${row.website.slice(0, 60)}” is not an http(s) address of at most 300 characters`);
  return wrong;
}

function isWebAddress(text: string): boolean {
  if (text.length > 300) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && !!url.hostname;
  } catch {
    return false;
  }
}
