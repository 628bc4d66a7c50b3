#!/usr/bin/env node
/*
 * The `opencpms` command.
 *   opencpms start                      run the services (same as npm start)
 *   opencpms migrate                    apply database migrations and exit
 *   opencpms build-web [--force]        build the web UI
 *   opencpms users add --email E --first F --last L [--password P]
 *   opencpms outbox [--json] [--follow] print mails and SMS kept in the outbox
 *   opencpms oidc-keys list|rotate|remove  the keys that sign ID tokens
 */
import { parseArgs } from "node:util";

const USAGE = `Usage:
  opencpms start
  opencpms migrate
  opencpms build-web [--force]
  opencpms users add --email EMAIL --first FIRST_NAME --last LAST_NAME [--password PASSWORD] [--admin]
  opencpms outbox [--json] [--follow]
  opencpms oidc-keys list | rotate | remove KEY_ID`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "start": {
      const { main } = await import("./main.ts");
      await main();
      return -1;
    }
    case "migrate": {
      const { migrateCommand } = await import("./cli/migrate.ts");
      return migrateCommand();
    }
    case "build-web": {
      const { values } = parseArgs({ args: rest, options: { force: { type: "boolean", default: false } } });
      const { buildWeb, ensureWebBuilt } = await import("./web-build.ts");
      await (values.force ? buildWeb() : ensureWebBuilt());
      return 0;
    }
    case "users": {
      const { usersCommand } = await import("./cli/users.ts");
      return usersCommand(rest);
    }
    case "oidc-keys": {
      const { oidcKeysCommand } = await import("./cli/oidc-keys.ts");
      return oidcKeysCommand(rest);
    }
    case "outbox": {
      const { values } = parseArgs({ args: rest, options: { json: { type: "boolean", default: false }, follow: { type: "boolean", default: false } } });
      const { outboxCommand } = await import("./cli/outbox.ts");
      return outboxCommand(values);
    }
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
