/*
 * A fresh, empty database for one test: an in-memory PGlite, or — when
 * DATABASE_URL is set (CI runs the suite both ways) — a new database created
 * on that PostgreSQL server and dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import { type Database, openDatabase } from "../db/database.ts";

export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ memory: true });
  const { default: pg } = await import("pg");
  const name = `opencpms_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
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
