/* The cpms service's Postgres schema, its copy of the platform tables and its sign-in tables (relying party of identity). */
import { pgSchema } from "drizzle-orm/pg-core";
import { platformTables } from "../platform/db/platform-tables.ts";
import { relyingPartyTables } from "../platform/db/relying-party-tables.ts";

export const cpmsSchema = pgSchema("cpms");
export const { outbox, auditEvents, rateLimits } = platformTables(cpmsSchema);
export const cpmsPlatform = { outbox, auditEvents, rateLimits };
export const { rpLogins, rpSessions } = relyingPartyTables(cpmsSchema);
export const cpmsSignIn = { rpLogins, rpSessions };
