/* The cpms service's Postgres schema and its copy of the platform tables. */
import { pgSchema } from "drizzle-orm/pg-core";
import { platformTables } from "../platform/db/platform-tables.ts";

export const cpmsSchema = pgSchema("cpms");
export const { outbox, auditEvents, rateLimits } = platformTables(cpmsSchema);
export const cpmsPlatform = { outbox, auditEvents, rateLimits };
