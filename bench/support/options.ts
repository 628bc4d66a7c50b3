/* The options every bench takes (--requests, --database, --json) and its own whole-number options, checked. */
import { parseArgs } from "node:util";
import type { BenchDatabase } from "./database.ts";

export type CommonOptions = { requests: number; database: BenchDatabase; json: boolean };

/** Parses the command line: `counts` are the bench's own whole-number options with their defaults. */
export function readOptions<K extends string>(counts: Record<K, number>, defaultRequests: number): CommonOptions & Record<K, number> {
  const names = Object.keys(counts) as K[];
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(names.map((name) => [name, { type: "string" as const, default: String(counts[name]) }])),
      requests: { type: "string", default: String(defaultRequests) },
      database: { type: "string", default: "postgres" },
      json: { type: "boolean", default: false },
    },
  });
  const positive = (raw: unknown, name: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not ${JSON.stringify(raw)}`);
    return n;
  };
  if (values.database !== "postgres" && values.database !== "pglite") throw new Error("--database is postgres or pglite");
  const given = values as Record<string, string | boolean | undefined>;
  const own = Object.fromEntries(names.map((name) => [name, positive(given[name], name)])) as Record<K, number>;
  return { ...own, requests: positive(values.requests, "requests"), database: values.database as BenchDatabase, json: values.json === true };
}
