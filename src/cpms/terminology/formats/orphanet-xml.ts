/*
 * The Orphanet nomenclature (`en_product1.xml` of Orphadata, "Rare diseases
 * and alignment with terminologies"), streamed with saxes. Under
 * JDBOR/DisorderList, each Disorder gives:
 * - OrphaCode 558 → the code ORPHA:558; Name → the label;
 *   SynonymList/Synonym → synonyms;
 * - ExternalReferenceList/ExternalReference whose Source is "ICD-10" → its
 *   Reference ("Q87.4") is a mapping (codes not in ICD-10's shape, such as
 *   ranges, are dropped);
 * - obsolete when its status (Totalstatus or DisorderFlag/Label) says
 *   obsolete, inactive or deprecated, or its Name starts "OBSOLETE:"; then
 *   the first target of its DisorderDisorderAssociationList is its
 *   replacement ("Moved to", "Referred to").
 * The root's `date` and `version` attributes name the release.
 */
import type { Readable } from "node:stream";
import { SaxesParser } from "saxes";
import type { TermEntry } from "../term.ts";
import { type ReadRelease, ReleaseReader } from "./release-reader.ts";
import { feedXml } from "./xml-stream.ts";

type Disorder = { line: number; orphaCode: string; name: string; synonyms: string[]; icd10: string[]; statuses: string[]; targets: string[] };

const OBSOLETE = /obsolete|inactive|deprecated/i;

export async function readOrphanetXml(input: Readable): Promise<ReadRelease> {
  const reader = new ReleaseReader("ORPHA");
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  let disorder: Disorder | null = null;
  let depth = 0;
  let text = "";
  let reference: { source: string; reference: string } | null = null;

  parser.on("opentag", (tag) => {
    path.push(tag.name);
    text = "";
    if (path.length === 1) {
      const { date, version } = tag.attributes as Record<string, string>;
      reader.version = [date, version].filter(Boolean).join(" ") || null;
    }
    if (!disorder && tag.name === "Disorder" && path[path.length - 2] === "DisorderList") {
      disorder = { line: parser.line, orphaCode: "", name: "", synonyms: [], icd10: [], statuses: [], targets: [] };
      depth = path.length;
    } else if (disorder && tag.name === "ExternalReference") reference = { source: "", reference: "" };
  });
  parser.on("text", (chunk) => {
    text += chunk;
  });
  parser.on("closetag", (tag) => {
    const value = text.trim();
    text = "";
    if (disorder) {
      const within = path.slice(depth);
      const at = within.join("/");
      if (at === "OrphaCode") disorder.orphaCode = value;
      else if (at === "Name") disorder.name = value;
      else if (at === "SynonymList/Synonym") disorder.synonyms.push(value);
      else if (at === "Totalstatus" || at === "DisorderFlagList/DisorderFlag/Label") disorder.statuses.push(value);
      else if (reference && at === "ExternalReferenceList/ExternalReference/Source") reference.source = value;
      else if (reference && at === "ExternalReferenceList/ExternalReference/Reference") reference.reference = value;
      else if (reference && at === "ExternalReferenceList/ExternalReference") {
        if (reference.source === "ICD-10") disorder.icd10.push(reference.reference);
        reference = null;
      } else if (within[0] === "DisorderDisorderAssociationList" && tag.name === "OrphaCode" && within.includes("TargetDisorder")) disorder.targets.push(value);
      else if (path.length === depth) {
        reader.add(`line ${disorder.line}`, entryOf(disorder));
        disorder = null;
      }
    }
    path.pop();
  });

  const failure = await feedXml(parser, input);
  if (failure) reader.problem(`line ${parser.line}`, `this is not well-formed XML: ${failure}`);
  return reader.result();
}

function entryOf(disorder: Disorder): TermEntry {
  const isObsolete = disorder.statuses.some((status) => OBSOLETE.test(status)) || /^obsolete\s*:/i.test(disorder.name);
  const target = disorder.targets.find((code) => /^\d+$/.test(code));
  return {
    code: disorder.orphaCode ? `ORPHA:${disorder.orphaCode}` : "",
    label: isObsolete ? disorder.name.replace(/^obsolete\s*:\s*/i, "") : disorder.name,
    synonyms: disorder.synonyms,
    icd10: disorder.icd10,
    isObsolete,
    replacedBy: isObsolete && target ? `ORPHA:${target}` : null,
  };
}
