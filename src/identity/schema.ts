/* Every table of the identity service, for drizzle-kit and for queries. */
export * from "./accounts/tables.ts";
export * from "./pg-schema.ts";
