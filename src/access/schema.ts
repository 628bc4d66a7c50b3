/* Every table of the access service, for drizzle-kit and for queries. */
export * from "./pg-schema.ts";
