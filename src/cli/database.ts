/*
 * Opens the database for a CLI command, or explains why it cannot: the
 * embedded database belongs to the running server while it runs.
 */
import type { Config } from "../platform/config.ts";
import { type Database, openConfiguredDatabase } from "../platform/db/database.ts";
import { migrateServices } from "../platform/db/migrate.ts";
import { dataDirHolder } from "../data-dir-lock.ts";

export class DatabaseBusy extends Error {}

export async function openForCli(config: Config): Promise<Database> {
  if (!config.databaseUrl) {
    const holder = dataDirHolder(config);
    if (holder)
      throw new DatabaseBusy(
        `The embedded database is in use by the running server (pid ${holder.pid}). Stop it first, or run OpenCPMS on PostgreSQL (DATABASE_URL).`,
      );
  }
  const database = await openConfiguredDatabase(config);
  await migrateServices(database, config.services);
  return database;
}
