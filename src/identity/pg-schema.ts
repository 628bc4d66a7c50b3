/* The identity service's Postgres schema and its copy of the platform tables. */
import { pgSchema } from "drizzle-orm/pg-core";
import { platformTables } from "../platform/db/platform-tables.ts";

export const identitySchema = pgSchema("identity");
export const { outbox, auditEvents, rateLimits } = platformTables(identitySchema);
export const identityPlatform = { outbox, auditEvents, rateLimits };
