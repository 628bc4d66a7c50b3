/*
 * HPO in OBO Graphs JSON (`hp.json`), streamed: only the graphs' nodes,
 * edges and metadata are held one at a time, never the whole document.
 * - a node whose id is …/obo/HP_0001250 is the term HP:0001250, `lbl` its
 *   label, `meta.synonyms[].val` its synonyms, `meta.deprecated` marks it
 *   obsolete (its "obsolete " label prefix is dropped) and the IAO_0100001
 *   property ("term replaced by") names its replacement;
 * - an `is_a` edge between two HP terms makes the object a parent;
 * - nodes of other ontologies are skipped; the graph's `meta.version`
 *   (…/hp/releases/2025-05-06/hp.json) names the release.
 */
import type { Readable } from "node:stream";
import { JSONParser } from "@streamparser/json";
import type { TermEntry } from "../term.ts";
import { type ReadRelease, ReleaseReader } from "./release-reader.ts";

type Node = {
  id?: unknown;
  lbl?: unknown;
  meta?: { deprecated?: unknown; synonyms?: { val?: unknown }[]; basicPropertyValues?: { pred?: unknown; val?: unknown }[] };
};
type Edge = { sub?: unknown; pred?: unknown; obj?: unknown };

const REPLACED_BY = "http://purl.obolibrary.org/obo/IAO_0100001";

/** "http://purl.obolibrary.org/obo/HP_0001250" or "HP:0001250" → "HP:0001250"; null for other ontologies. */
function hpCode(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const match = /(?:^|\/)HP[_:](\w+)$/.exec(id);
  return match ? `HP:${match[1]}` : null;
}

export async function readHpoJson(input: Readable): Promise<ReadRelease> {
  const reader = new ReleaseReader("HPO");
  const nodes: { position: string; entry: TermEntry }[] = [];
  const parents = new Map<string, string[]>();
  let nodeCount = 0;
  let failure: string | null = null;
  const parser = new JSONParser({ paths: ["$.graphs.*.nodes.*", "$.graphs.*.edges.*", "$.graphs.*.meta"], keepStack: false });
  parser.onError = (error) => {
    failure ??= error.message;
  };
  parser.onValue = ({ value, key, stack }) => {
    const within = stack[stack.length - 1]?.key;
    if (within === "nodes") {
      nodeCount += 1;
      const node = value as Node;
      const code = hpCode(node?.id);
      if (!code) return;
      const meta = node.meta ?? {};
      const isObsolete = meta.deprecated === true;
      const label = typeof node.lbl === "string" ? node.lbl : "";
      const replacement = meta.basicPropertyValues?.find((property) => property?.pred === REPLACED_BY)?.val;
      nodes.push({
        position: `node ${nodeCount}`,
        entry: {
          code,
          label: isObsolete ? label.replace(/^obsolete\s+/i, "") : label,
          synonyms: (meta.synonyms ?? []).map((synonym) => synonym?.val).filter((text): text is string => typeof text === "string"),
          isObsolete,
          replacedBy: hpCode(replacement),
        },
      });
    } else if (within === "edges") {
      const edge = value as Edge;
      const sub = hpCode(edge?.sub);
      const obj = hpCode(edge?.obj);
      if (sub && obj && edge.pred === "is_a") parents.set(sub, [...(parents.get(sub) ?? []), obj]);
    } else if (key === "meta" && (value as { version?: unknown })?.version !== undefined) {
      const version = String((value as { version: unknown }).version);
      reader.version = /releases\/([^/]+)\//.exec(version)?.[1] ?? version;
    }
  };
  try {
    for await (const chunk of input) {
      if (failure) break;
      parser.write(chunk as Buffer);
    }
    if (!failure && !parser.isEnded) parser.end();
  } catch (error) {
    failure ??= (error as Error).message;
  }
  if (failure) {
    reader.problem(`after node ${nodeCount}`, `this is not valid JSON: ${failure}`);
    return reader.result();
  }
  for (const { position, entry } of nodes) reader.add(position, { ...entry, parents: parents.get(entry.code) ?? [] });
  return reader.result();
}
