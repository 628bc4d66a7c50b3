/* Every table of the cpms service, for drizzle-kit and for queries. */
export * from "./pg-schema.ts";
export * from "./authorizations/tables.ts";
export * from "./preferences/tables.ts";
export * from "./terminology/tables.ts";
export * from "./patients/tables.ts";
export * from "./files/tables.ts";
export * from "./sharing/tables.ts";
export * from "./panels/tables.ts";
export * from "./notifications/tables.ts";
export * from "./assistance/tables.ts";
