/*
 * Starts the services named in SERVICES on one database: opens it, applies
 * migrations, seeds demo data into an empty database, builds each service's
 * server, starts outbox delivery when a mail server or an SMS gateway is
 * configured, listens.
 */
export { openConfiguredDatabase } from "./platform/db/database.ts";
import type { Config, RelyingPartyName, ServiceName } from "./platform/config.ts";
import { type Database, openConfiguredDatabase } from "./platform/db/database.ts";
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
import { seedStarterTerms } from "./cpms/terminology/starter/seed.ts";
import { seedThematicAreas } from "./cpms/preferences/seed.ts";
import { seedAccessCatalog } from "./access/catalog/seed.ts";
import { seedAccessDemo } from "./access/demo-data.ts";
import { seedDemoAccounts } from "./identity/demo-data.ts";
import { type ClientCredentials, registerBuiltInClients } from "./identity/oidc/built-in-clients.ts";
import { identityPlatform } from "./identity/pg-schema.ts";
import { createIdentityServer } from "./identity/service.ts";

type Extras = { relyingParties: Partial<Record<RelyingPartyName, ClientCredentials>> };

const SERVICES: Record<ServiceName, { create: (config: Config, db: Database["db"], extras: Extras) => Promise<Server>; tables: PlatformTables }> = {
  identity: { create: createIdentityServer, tables: identityPlatform },
  access: { create: (config, db, extras) => createAccessServer(config, db, credentialsOf(extras, config, "access")), tables: accessPlatform },
  cpms: { create: (config, db, extras) => createCpmsServer(config, db, credentialsOf(extras, config, "cpms")), tables: cpmsPlatform },
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

/** How a relying party signs in at identity: registered by identity in this process, or configured. */
function credentialsOf(extras: Extras, config: Config, service: RelyingPartyName): ClientCredentials {
  const registered = extras.relyingParties[service];
  if (registered) return registered;
  const { clientId, clientSecret } = config.relyingParties[service];
  if (!clientSecret) {
    const prefix = service.toUpperCase();
    throw new Error(
      `${service} runs without identity in this process: register it at identity (opencpms clients add) and set ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET.`,
    );
  }
  return { clientId, clientSecret };
}

export async function startSystem(config: Config, options: { database?: Database; listen?: boolean } = {}): Promise<System> {
  const database = options.database ?? (await openConfiguredDatabase(config));
  await migrateServices(database, config.services);
  const demoAccounts = config.demoData && config.services.includes("identity") ? await database.exclusive((db) => seedDemoAccounts(db, config)) : null;
  const seeded = demoAccounts !== null;
  if (config.services.includes("access")) {
    // The catalogue's reference data (applications, profiles, ERNs, countries) always; demo providers and rights with DEMO_DATA.
    await database.exclusive((db) => seedAccessCatalog(db, { demoProviders: config.demoData }));
    // Identity hands over the demo accounts it created in this process: access knows users by their `sub` only.
    if (demoAccounts) await database.exclusive((db) => seedAccessDemo(db, config, demoAccounts));
  }
  // cpms's reference data: each ERN's starting thematic areas.
  if (config.services.includes("cpms")) await database.exclusive((db) => seedThematicAreas(db));

  // The starter terminologies, so the record's pickers work before an official release is imported.
  if (config.services.includes("cpms")) await database.exclusive((db) => seedStarterTerms(db));

  const extras: Extras = {
    relyingParties: config.services.includes("identity") ? await database.exclusive((db) => registerBuiltInClients(db, config)) : {},
  };
  const servers: System["servers"] = {};
  const stops: (() => void)[] = [];
  for (const name of config.services) {
    const server = await SERVICES[name].create(config, database.db, extras);
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
