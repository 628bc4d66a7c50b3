/*
 * HPO in OBO 1.4 (`hp.obo`), read line by line: the header's
 * `data-version: hp/releases/2025-05-06` names the release; each `[Term]`
 * stanza gives `id: HP:…`, `name:`, `synonym: "…" EXACT […]`,
 * `is_a: HP:… ! label`, `is_obsolete: true` (the label's "obsolete " prefix
 * is dropped) and `replaced_by: HP:…`.
 * Other stanzas ([Typedef], [Instance]) and terms of other ontologies
 * (`UBERON:…`) are skipped; an `HP:` id of the wrong shape is a problem.
 */
import readline from "node:readline";
import type { Readable } from "node:stream";
import type { TermEntry } from "../term.ts";
import { type ReadRelease, ReleaseReader } from "./release-reader.ts";

type Stanza = { line: number; entry: TermEntry; isTerm: boolean };

const unquote = (text: string) => /^"((?:[^"\\]|\\.)*)"/.exec(text)?.[1]?.replace(/\\(.)/g, "$1") ?? null;

export async function readHpoObo(input: Readable): Promise<ReadRelease> {
  const reader = new ReleaseReader("HPO");
  let stanza: Stanza | null = null;
  let lineNumber = 0;
  const finish = () => {
    if (!stanza?.isTerm) return;
    const { entry, line } = stanza;
    if (!entry.code) reader.problem(`line ${line}`, "this [Term] has no id");
    else if (entry.code.startsWith("HP:"))
      reader.add(`line ${line}`, { ...entry, label: entry.isObsolete ? entry.label.replace(/^obsolete\s+/i, "") : entry.label });
  };
  for await (const raw of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber += 1;
    const line = (lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw).trim();
    if (!line || line.startsWith("!")) continue;
    if (line.startsWith("[")) {
      finish();
      stanza = { line: lineNumber, entry: { code: "", label: "", synonyms: [], parents: [] }, isTerm: line === "[Term]" };
      continue;
    }
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const tag = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (!stanza) {
      if (tag === "data-version") reader.version = value.replace(/^hp\/releases\//, "").replace(/\/.*$/, "") || value;
      continue;
    }
    if (!stanza.isTerm) continue;
    const { entry } = stanza;
    const target = value.split(/\s+!/)[0].trim();
    if (tag === "id") entry.code = value;
    else if (tag === "name") entry.label = value;
    else if (tag === "synonym") {
      const text = unquote(value);
      if (text) entry.synonyms?.push(text);
    } else if (tag === "is_a") entry.parents?.push(target.split(/\s+/)[0]);
    else if (tag === "is_obsolete") entry.isObsolete = value === "true";
    else if (tag === "replaced_by") entry.replacedBy = target;
  }
  finish();
  return reader.result();
}
