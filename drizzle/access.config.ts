import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/access/schema.ts",
  out: "./migrations/access",
  schemaFilter: ["access"],
  casing: "snake_case",
});
