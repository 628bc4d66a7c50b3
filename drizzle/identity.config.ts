import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/identity/schema.ts",
  out: "./migrations/identity",
  schemaFilter: ["identity"],
  casing: "snake_case",
});
