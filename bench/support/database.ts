/*
 * Where a bench's data lives: `--database postgres` (the default) uses
 * DATABASE_URL when set, else a throwaway PostgreSQL server started in a
 * temporary folder as .ci/run does, stopped and removed afterwards;
 * `--database pglite` the embedded database.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../src/platform/testing/test-system.ts";

export type BenchDatabase = "postgres" | "pglite";

/** Starts a PostgreSQL server in a temporary folder and returns its URL and how to stop it. */
export async function throwawayPostgres(): Promise<{ url: string; stop: () => void }> {
  const root = "/usr/lib/postgresql";
  const version = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error("no PostgreSQL in /usr/lib/postgresql: set DATABASE_URL, or use --database pglite");
  const bin = path.join(root, version, "bin");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-bench-pg-"));
  const asPostgres = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  if (asPostgres.length) execFileSync("chown", ["postgres", dir]);
  const run = (program: string, args: string[]) => {
    const [command, ...prefix] = [...asPostgres, path.join(bin, program)];
    execFileSync(command, [...prefix, ...args], { stdio: "ignore" });
  };
  const port = await freePort();
  run("initdb", ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres"]);
  run("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/log`, "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run("pg_ctl", ["-D", `${dir}/data`, "-m", "immediate", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs `bench` on the database chosen (setting DATABASE_URL for the system it starts), then stops a throwaway server. */
export async function onDatabase<T>(database: BenchDatabase, progress: (line: string) => void, bench: () => Promise<T>): Promise<T> {
  let server: { url: string; stop: () => void } | null = null;
  if (database === "postgres" && !process.env.DATABASE_URL) {
    progress("starting a throwaway PostgreSQL server");
    server = await throwawayPostgres();
    process.env.DATABASE_URL = server.url;
  }
  if (database === "pglite") delete process.env.DATABASE_URL;
  try {
    return await bench();
  } finally {
    server?.stop();
  }
}
