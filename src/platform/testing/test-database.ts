/*
 * A fresh database for one test, already migrated: an in-memory PGlite, or —
 * when DATABASE_URL is set (CI runs the suite both ways) — a new database
 * created on that PostgreSQL server and dropped afterwards.
 *
 * Creating a PGlite cluster costs seconds (it runs initdb) and migrating it
 * half a second more, for each of the suite's hundreds of systems. So the
 * first test on a machine migrates one and dumps it to a file named after the
 * PGlite version and the migrations; every later test database loads that
 * file (about a second). On PostgreSQL, a migrated template database plays
 * the same part. The migrations still run at every start, finding nothing
 * left to do, as on a production restart.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICE_NAMES } from "../config.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { migrateServices } from "../db/migrate.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Changes whenever a migration or PGlite does. */
function migrationsFingerprint(): string {
  const digest = createHash("sha256");
  const pglite = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string };
  digest.update(`pglite ${pglite.version}\n`);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else digest.update(`${path.relative(ROOT, file)}\n`).update(fs.readFileSync(file));
    }
  };
  walk(path.join(ROOT, "migrations"));
  return digest.digest("hex").slice(0, 16);
}

let snapshot: Promise<Blob> | undefined;

function pgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const file = path.join(os.tmpdir(), `opencpms-test-database-${migrationsFingerprint()}.tar`);
    if (!fs.existsSync(file)) {
      const database = await openDatabase({ memory: true });
      try {
        await migrateServices(database, SERVICE_NAMES);
        const { PGlite } = await import("@electric-sql/pglite");
        const client = (database.db as unknown as { $client: InstanceType<typeof PGlite> }).$client;
        const dump = await client.dumpDataDir("none");
        // Written aside then renamed: a test process running alongside reads either nothing or all of it.
        const partial = `${file}.${process.pid}.partial`;
        fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
        fs.renameSync(partial, file);
        // Snapshots of older migrations are of no further use.
        for (const old of fs.readdirSync(os.tmpdir()))
          if (old.startsWith("opencpms-test-database-") && old.endsWith(".tar") && path.join(os.tmpdir(), old) !== file)
            fs.rmSync(path.join(os.tmpdir(), old), { force: true });
      } finally {
        await database.close();
      }
    }
    return new Blob([fs.readFileSync(file)]);
  })();
  return snapshot;
}

let template: Promise<string> | undefined;

/** A migrated database on the server to copy from, made once per migrations version. */
function postgresTemplate(serverUrl: string): Promise<string> {
  template ??= (async () => {
    const { default: pg } = await import("pg");
    const name = `opencpms_template_${migrationsFingerprint()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      // Test processes running alongside take turns; the first one makes it.
      await admin.query("select pg_advisory_lock(4242002)");
      const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [name]);
      if (!rowCount) {
        const building = `${name}_building`;
        await admin.query(`drop database if exists ${building} with (force)`);
        await admin.query(`create database ${building}`);
        const url = new URL(serverUrl);
        url.pathname = `/${building}`;
        const database = await openDatabase({ url: url.toString() });
        try {
          await migrateServices(database, SERVICE_NAMES);
        } finally {
          await database.close();
        }
        await admin.query(`alter database ${building} rename to ${name}`);
      }
    } finally {
      await admin.end();
    }
    return name;
  })();
  return template;
}

export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ memory: true, from: await pgliteSnapshot() });
  const { default: pg } = await import("pg");
  const templateName = await postgresTemplate(serverUrl);
  const name = `opencpms_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${templateName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
