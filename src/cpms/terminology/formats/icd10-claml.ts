/*
 * ICD-10 in ClaML 2.0 (the WHO's XML distribution), streamed with saxes.
 * Each Class of kind "category" is a term: its `code` ("C49.9"), the text of
 * its preferred Rubric's Label (nested Fragments and References included)
 * as label, the Labels of its "inclusion" Rubrics as synonyms, its
 * SuperClass as parent when that is a category too. Chapters and blocks
 * are skipped. The Title's `version` attribute names the release.
 */
import type { Readable } from "node:stream";
import { SaxesParser } from "saxes";
import { type ReadRelease, ReleaseReader } from "./release-reader.ts";
import { feedXml } from "./xml-stream.ts";

type Category = { line: number; code: string; label: string; synonyms: string[]; parents: string[] };

export async function readIcd10Claml(input: Readable): Promise<ReadRelease> {
  const reader = new ReleaseReader("ICD10");
  const parser = new SaxesParser({ position: true });
  let category: Category | null = null;
  let rubric: string | null = null;
  let label: string | null = null;

  parser.on("opentag", (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    if (tag.name === "Title" && attributes.version) reader.version = `${attributes.name ?? "ICD-10"} ${attributes.version}`;
    if (tag.name === "Class" && attributes.kind === "category") {
      category = { line: parser.line, code: attributes.code ?? "", label: "", synonyms: [], parents: [] };
    } else if (category && tag.name === "SuperClass" && attributes.code) category.parents.push(attributes.code);
    else if (category && tag.name === "Rubric") rubric = attributes.kind ?? null;
    else if (category && rubric && tag.name === "Label") label = "";
  });
  parser.on("text", (text) => {
    if (label !== null) label += text;
  });
  parser.on("closetag", (tag) => {
    if (!category) return;
    if (tag.name === "Label" && label !== null) {
      const value = label.replace(/\s+/g, " ").trim();
      if (rubric === "preferred" && !category.label) category.label = value;
      else if (rubric === "inclusion" && value) category.synonyms.push(value);
      label = null;
    } else if (tag.name === "Rubric") rubric = null;
    else if (tag.name === "Class") {
      reader.add(`line ${category.line}`, category);
      category = null;
    }
  });

  const failure = await feedXml(parser, input);
  if (failure) reader.problem(`line ${parser.line}`, `this is not well-formed XML: ${failure}`);
  return reader.result();
}
