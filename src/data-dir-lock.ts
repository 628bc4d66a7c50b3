/*
 * The embedded database can be opened by one process only. The server notes
 * in DATA_DIR that it holds it, so the CLI can read through the server's
 * development endpoints instead, or say clearly why it cannot run.
 */
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./platform/config.ts";

type Holder = { pid: number; urls: Config["urls"]; services: Config["services"] };

const lockFile = (config: Config) => path.join(config.dataDir, "server.json");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running server holding the embedded database, if any. */
export function dataDirHolder(config: Config): Holder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(lockFile(config), "utf8")) as Holder;
    return holder.pid !== process.pid && isAlive(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

export function claimDataDir(config: Config): void {
  const holder = dataDirHolder(config);
  if (holder) {
    console.error(
      `The embedded database in ${config.dataDir} is in use by another OpenCPMS process (pid ${holder.pid}). Stop it first, or set DATA_DIR or DATABASE_URL.`,
    );
    process.exit(1);
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(lockFile(config), JSON.stringify({ pid: process.pid, urls: config.urls, services: config.services }));
}

export function releaseDataDir(config: Config): void {
  fs.rmSync(lockFile(config), { force: true });
}
