/*
 * Applies each service's generated migrations (migrations/<service>/) at start.
 * - each service has its own migration journal (drizzle.__migrations_<service>),
 *   outside its schema, which its first migration creates;
 * - concurrent starts of several instances take turns (advisory lock).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServiceName } from "../config.ts";
import type { Database } from "./database.ts";

const MIGRATIONS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../migrations");

export async function migrateServices(database: Database, services: readonly ServiceName[]): Promise<void> {
  const { migrate } = database.kind === "postgres" ? await import("drizzle-orm/node-postgres/migrator") : await import("drizzle-orm/pglite/migrator");
  await database.exclusive(async (db) => {
    for (const service of services) {
      await migrate(db as never, {
        migrationsFolder: path.join(MIGRATIONS_ROOT, service),
        migrationsSchema: "drizzle",
        migrationsTable: `__migrations_${service}`,
      });
    }
  });
}
