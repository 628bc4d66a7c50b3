/*
 * The database: PostgreSQL through Drizzle, embedded (PGlite in DATA_DIR) by
 * default or a server when DATABASE_URL is set. Both speak the same SQL, so
 * the same tables, queries and migrations serve both.
 */
import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

export type Db = PgDatabase<PgQueryResultHKT>;

export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
  /** Runs fn on one connection holding a cluster-wide advisory lock (migrations, seeding). */
  exclusive: <T>(fn: (db: Db) => Promise<T>) => Promise<T>;
};

const LOCK_KEY = 4_242_001;

/** `memory` may start `from` a dump of another PGlite database (PGlite's dumpDataDir). */
export type DatabaseLocation = { url: string } | { dir: string } | { memory: true; from?: Blob };

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if ("url" in location) {
    const { default: pg } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new pg.Pool({ connectionString: location.url, max: 10 });
    // An idle connection the server ends (restart, failover, a dropped test database)
    // is an event on the pool; unheard, Node would crash the process. The pool replaces it.
    pool.on("error", (error) => console.error(`database: an idle connection ended: ${error.message}`));
    await pool.query("select 1");
    const exclusive = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
      // A session-level lock belongs to one connection: hold that one throughout.
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
        return await fn(drizzle({ client, casing: "snake_case" }) as unknown as Db);
      } finally {
        await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
        client.release();
      }
    };
    return { db: drizzle({ client: pool, casing: "snake_case" }) as unknown as Db, kind: "postgres", close: () => pool.end(), exclusive };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let dataDir: string | undefined;
  if ("dir" in location) {
    dataDir = path.join(location.dir, "pglite");
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir ? { dataDir } : "from" in location && location.from ? { loadDataDir: location.from } : {});
  const db = drizzle({ client, casing: "snake_case" }) as unknown as Db;
  // PGlite is one connection in one process: nothing else can interleave.
  return { db, kind: "pglite", close: () => client.close(), exclusive: (fn) => fn(db) };
}

/** The configured database: the server at DATABASE_URL, or the embedded one in DATA_DIR. */
export function openConfiguredDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dir: config.dataDir });
}
