/* What every section editor takes: its part of the record, a way to change it, and the server's messages by field path. */
export type SectionProps<T> = {
  value: T;
  onChange: (next: T) => void;
  /** The server's message for a field of the request body ("record.diagnoses[0].orphaCode"), if any. */
  errorAt: (path: string) => string | undefined;
};

/** A copy of `list` with item `index` replaced. */
export function replaceAt<T>(list: T[], index: number, item: T): T[] {
  return list.map((current, at) => (at === index ? item : current));
}
