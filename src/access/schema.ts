/* Every table of the access service, for drizzle-kit and for queries. */
export * from "./api/tables.ts";
export * from "./approvals/tables.ts";
export * from "./catalog/tables.ts";
export * from "./pg-schema.ts";
export * from "./requests/tables.ts";
