/*
 * Starts the services named in SERVICES on one database: opens it, applies
 * migrations, seeds demo data into an empty database, builds each service's
 * server, starts outbox delivery when a mail server or an SMS gateway is
 * configured, listens.
 */
import type { Config, ServiceName } from "./platform/config.ts";
import { type Database, openDatabase } from "./platform/db/database.ts";
import { migrateServices } from "./platform/db/migrate.ts";
import type { PlatformTables } from "./platform/db/platform-tables.ts";
import type { Server } from "./platform/http/server.ts";
import { deliverDue, startDelivery, type Transport } from "./platform/mail/delivery.ts";
import { smtpTransport } from "./platform/mail/smtp.ts";
import { httpSmsGateway } from "./platform/sms/http-gateway.ts";
import { accessPlatform } from "./access/pg-schema.ts";
import { createAccessServer } from "./access/service.ts";
import { cpmsPlatform } from "./cpms/pg-schema.ts";
import { createCpmsServer } from "./cpms/service.ts";
import { seedDemoAccounts } from "./identity/demo-data.ts";
import { identityPlatform } from "./identity/pg-schema.ts";
import { createIdentityServer } from "./identity/service.ts";

const SERVICES: Record<ServiceName, { create: (config: Config, db: Database["db"]) => Promise<Server>; tables: PlatformTables }> = {
  identity: { create: createIdentityServer, tables: identityPlatform },
  access: { create: createAccessServer, tables: accessPlatform },
  cpms: { create: createCpmsServer, tables: cpmsPlatform },
};

export type System = {
  config: Config;
  database: Database;
  servers: Partial<Record<ServiceName, Server>>;
  seeded: boolean;
  /** The server of a service this system runs. */
  server: (name: ServiceName) => Server;
  close: () => Promise<void>;
};

export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dir: config.dataDir });
}

export async function startSystem(config: Config, options: { database?: Database; listen?: boolean } = {}): Promise<System> {
  const database = options.database ?? (await openConfiguredDatabase(config));
  await migrateServices(database, config.services);
  const seeded = config.demoData && config.services.includes("identity") ? await database.exclusive((db) => seedDemoAccounts(db, config)) : false;

  const servers: System["servers"] = {};
  const stops: (() => void)[] = [];
  for (const name of config.services) {
    const server = await SERVICES[name].create(config, database.db);
    servers[name] = server;
    const transports: Partial<Record<"mail" | "sms", Transport>> = {};
    if (config.smtpUrl) transports.mail = smtpTransport(config.smtpUrl, config.mailFrom);
    if (config.sms.gatewayUrl) {
      transports.sms = httpSmsGateway({ url: config.sms.gatewayUrl, authHeader: config.sms.gatewayAuthHeader, bodyTemplate: config.sms.gatewayBodyTemplate });
    }
    if (Object.keys(transports).length) {
      const outbox = SERVICES[name].tables.outbox;
      stops.push(
        startDelivery(
          () => deliverDue(database.db, outbox, transports, config.outboxMaxAttempts),
          5_000,
          (error) => server.log.error(error, "outbox delivery failed"),
        ),
      );
    }
    if (options.listen !== false) await server.listen({ host: config.host, port: config.ports[name] });
  }

  return {
    config,
    database,
    servers,
    seeded,
    server: (name) => {
      const server = servers[name];
      if (!server) throw new Error(`The ${name} service is not running here (SERVICES=${config.services.join(",")}).`);
      return server;
    },
    close: async () => {
      for (const stop of stops) stop();
      for (const server of Object.values(servers)) await server.close();
      await database.close();
    },
  };
}
