/*
 * `npm start`: runs the services named in SERVICES (default: all three) in
 * this process and prints where they are and who can sign in.
 */
import { loadConfigOrExit, summarizeConfig } from "./platform/config.ts";
import { ensureWebBuilt } from "./web-build.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "./identity/demo-data.ts";
import { claimDataDir, releaseDataDir } from "./data-dir-lock.ts";
import { startSystem } from "./system.ts";

export async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await ensureWebBuilt();
  if (!config.databaseUrl) claimDataDir(config);
  const system = await startSystem(config);

  const lines = ["", "OpenCPMS is running.", ...summarizeConfig(config).map((line) => `  ${line}`), ""];
  const labels = { cpms: "CPMS (Clinical Patient Management System)", identity: "OpenCPMS Login (sign-in service)", access: "Authorisation system" };
  for (const name of config.services) lines.push(`  ${labels[name].padEnd(44)} ${config.urls[name]}`);
  if (config.devPages) {
    if (config.services.includes("identity")) lines.push(`  ${"Outbox of the sign-in service".padEnd(44)} ${config.urls.identity}/dev/outbox`);
    if (config.services.includes("access")) lines.push(`  ${"Outbox of the authorisation system".padEnd(44)} ${config.urls.access}/dev/outbox`);
  }
  if (config.demoData && config.services.includes("identity")) {
    lines.push("", `Demo users (password for all: ${DEMO_PASSWORD}):`);
    for (const user of DEMO_USERS) lines.push(`  ${user.email.padEnd(38)} ${user.role}`);
  }
  console.log(lines.join("\n"));

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await system.close();
    if (!config.databaseUrl) releaseDataDir(config);
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
