/*
 * What every `opencpms <thing> add|list|remove` command does around its own
 * work: a usage error prints the usage (exit 2); the database is opened from
 * the configuration and always closed; a refusal (Problem) prints its
 * message, or one line per field named by its command-line option (exit 1).
 */
import { type Config, loadConfigOrExit } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { Problem } from "../platform/http/errors.ts";
import { openForCli } from "./database.ts";

export type Output = { log: (line: string) => void; error: (line: string) => void };
export type Opened = { db: Db; config: Config; close: () => Promise<void> };

export async function openConfigured(): Promise<Opened> {
  const config = loadConfigOrExit();
  const database = await openForCli(config);
  return { db: database.db, config, close: database.close };
}

export type CommandSpec<Command, O extends { close: () => Promise<void> }> = {
  /** The command's usage text, printed after a usage error. */
  usage: string;
  /** The refusal's field names → the options that set them ("clientId" → "--client-id"). */
  optionOfField: Record<string, string>;
  out: Output;
  open: () => Promise<O>;
  run: (opened: O, command: Command) => Promise<number>;
};

/** Runs a parsed command (or prints its usage error) with the rules above; returns the exit code. */
export async function runCommand<Command extends object, O extends { close: () => Promise<void> } = Opened>(
  parsed: Command | { usage: string },
  spec: CommandSpec<Command, O>,
): Promise<number> {
  if ("usage" in parsed) {
    spec.out.error(parsed.usage ? `${parsed.usage}\n${spec.usage}` : spec.usage);
    return 2;
  }
  const opened = await spec.open();
  try {
    return await spec.run(opened, parsed);
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    const fields = error.errors ?? [];
    if (fields.length === 0) spec.out.error(error.message);
    for (const { field, detail } of fields) spec.out.error(`${spec.optionOfField[field] ?? field}: ${detail}`);
    return 1;
  } finally {
    await opened.close();
  }
}
