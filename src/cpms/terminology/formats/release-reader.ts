/*
 * What every format's reader does with the terms it finds:
 * - a term needs a canonical code of its system and a label of at most
 *   MAX_LABEL characters; synonyms, parents and mappings are cleaned
 *   (trimmed, deduplicated; parents and mappings that are not canonical
 *   codes are dropped, since they point outside the terminology);
 * - a code found twice, or a term without label, is a problem reported
 *   with its position in the file ("line 12", "node 7");
 * - the first MAX_REPORTED problems are kept word for word, the rest counted.
 */
import type { TermSystem } from "../lookup.ts";
import { CODE_EXAMPLES, CODE_PATTERNS, isCanonicalCode, MAX_LABEL, SYSTEM_NAMES, type TermEntry } from "../term.ts";

export type ReadProblem = { position: string; message: string };
export type ReadRelease = { entries: TermEntry[]; problems: ReadProblem[]; problemCount: number; version: string | null };

const MAX_REPORTED = 50;
const MAX_SYNONYMS = 100;

const clean = (values: readonly string[] | undefined, keep: (value: string) => boolean = () => true) => [
  ...new Set((values ?? []).map((value) => value.replace(/\s+/g, " ").trim()).filter((value) => value && value.length <= MAX_LABEL && keep(value))),
];

export class ReleaseReader {
  readonly system: TermSystem;
  version: string | null = null;
  private readonly entries = new Map<string, TermEntry>();
  private readonly positions = new Map<string, string>();
  private readonly problems: ReadProblem[] = [];
  private problemCount = 0;

  constructor(system: TermSystem) {
    this.system = system;
  }

  problem(position: string, message: string): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_REPORTED) this.problems.push({ position, message });
  }

  /** Checks and keeps one term read at `position`. */
  add(position: string, entry: TermEntry): void {
    const { system } = this;
    const code = entry.code.trim();
    if (!CODE_PATTERNS[system].test(code)) {
      this.problem(position, `“${code.slice(0, 40)}” is not a ${SYSTEM_NAMES[system]} code (like ${CODE_EXAMPLES[system]})`);
      return;
    }
    const label = entry.label.replace(/\s+/g, " ").trim();
    const first = this.positions.get(code);
    const wrong = !label
      ? `${code} has no label`
      : label.length > MAX_LABEL
        ? `the label of ${code} is longer than ${MAX_LABEL} characters`
        : first
          ? `${code} is already at ${first}`
          : null;
    if (wrong) {
      this.problem(position, wrong);
      return;
    }
    this.positions.set(code, position);
    const replacedBy = entry.replacedBy?.trim();
    this.entries.set(code, {
      code,
      label,
      synonyms: clean(entry.synonyms, (synonym) => synonym !== label).slice(0, MAX_SYNONYMS),
      parents: clean(entry.parents, (parent) => isCanonicalCode(system, parent) && parent !== code),
      icd10: clean(entry.icd10, (mapped) => isCanonicalCode("ICD10", mapped)),
      isObsolete: entry.isObsolete ?? false,
      replacedBy: replacedBy && isCanonicalCode(system, replacedBy) && replacedBy !== code ? replacedBy : null,
    });
  }

  result(): ReadRelease {
    if (!this.entries.size && !this.problemCount) this.problem("end of file", `the file holds no ${SYSTEM_NAMES[this.system]} term`);
    return { entries: [...this.entries.values()], problems: this.problems, problemCount: this.problemCount, version: this.version };
  }
}
