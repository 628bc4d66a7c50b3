#!/usr/bin/env node
/*
 * The `opencpms` command.
 *   opencpms start                      run the services (same as npm start)
 *   opencpms migrate                    apply database migrations and exit
 *   opencpms build-web [--force]        build the web UI
 *   opencpms users add --email E --first F --last L [--password P]
 *   opencpms outbox [--json] [--follow] print mails and SMS kept in the outbox
 *   opencpms oidc-keys list|rotate|remove  the keys that sign ID tokens
 *   opencpms clients add|list|remove|rotate-secret  the OpenID Connect applications
 *   opencpms cas-services add|list|remove  the services allowed to receive CAS tickets
 *   opencpms approvers add|list|remove  who approves access requests
 *   opencpms api-clients add|list|remove|rotate-webhook-secret  the applications that read authorizations over access's API
 *   opencpms orgs import|list           the healthcare providers of the organisation tree (CSV import)
 *   opencpms terms import|status        the terminologies (HPO, Orphanet, ICD-10) of cpms
 *   opencpms authenticator init|list|requests|approve|deny|code|listen|remove  the OpenCPMS Authenticator on this computer
 */
import { parseArgs } from "node:util";

const USAGE = `Usage:
  opencpms start
  opencpms migrate
  opencpms build-web [--force]
  opencpms users add --email EMAIL --first FIRST_NAME --last LAST_NAME [--password PASSWORD] [--admin]
  opencpms outbox [--json] [--follow]
  opencpms oidc-keys list | rotate | remove KEY_ID
  opencpms clients add --name NAME --redirect-uri URI [--redirect-uri URI…] [--post-logout-redirect-uri URI…]
                       [--backchannel-logout-uri URI] [--acr low|substantial|high] [--public] [--client-credentials]
  opencpms clients list | remove CLIENT_ID | rotate-secret CLIENT_ID
  opencpms cas-services add --name NAME --url-pattern PATTERN [--acr low|substantial|high]
  opencpms cas-services list | remove ID
  opencpms approvers add --email EMAIL --name NAME (--ern CODE | --global) --role coordinator|helpdesk
  opencpms approvers list | remove --email EMAIL (--ern CODE | --global)
  opencpms api-clients add --client-id CLIENT_ID --name NAME --application APPLICATION [--application …] [--webhook-url URL]
  opencpms api-clients list | remove CLIENT_ID | rotate-webhook-secret CLIENT_ID
  opencpms orgs import FILE.csv [--dry-run]
  opencpms orgs list [--ern CODE] [--country CC]
  opencpms terms import --system hpo|orpha|icd10 FILE [--dry-run]
  opencpms terms status
  opencpms authenticator init LINK [--pin PIN] | list | requests [--json] | listen
  opencpms authenticator approve [--request ID] --number NN [--pin PIN] | deny [--request ID]
  opencpms authenticator code QR_LINK [--pin PIN] | remove DEVICE_ID`;

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
    case "clients": {
      const { clientsCommand } = await import("./cli/clients.ts");
      return clientsCommand(rest);
    }
    case "cas-services": {
      const { casServicesCommand } = await import("./cli/cas-services.ts");
      return casServicesCommand(rest);
    }
    case "approvers": {
      const { approversCommand } = await import("./cli/approvers.ts");
      return approversCommand(rest);
    }
    case "api-clients": {
      const { apiClientsCommand } = await import("./cli/api-clients.ts");
      return apiClientsCommand(rest);
    }
    case "orgs": {
      const { orgsCommand } = await import("./cli/orgs.ts");
      return orgsCommand(rest);
    }
    case "terms": {
      const { termsCommand } = await import("./cli/terms.ts");
      return termsCommand(rest);
    }
    case "authenticator": {
      const { authenticatorCommand } = await import("./cli/authenticator.ts");
      return authenticatorCommand(rest);
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
