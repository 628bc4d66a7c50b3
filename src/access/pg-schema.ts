/* The access service's Postgres schema and its copy of the platform tables. */
import { pgSchema } from "drizzle-orm/pg-core";
import { platformTables } from "../platform/db/platform-tables.ts";

export const accessSchema = pgSchema("access");
export const { outbox, auditEvents, rateLimits } = platformTables(accessSchema);
export const accessPlatform = { outbox, auditEvents, rateLimits };
