import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/cpms/schema.ts",
  out: "./migrations/cpms",
  schemaFilter: ["cpms"],
  casing: "snake_case",
});
