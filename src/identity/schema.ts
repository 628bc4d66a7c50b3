/* Every table of the identity service, for drizzle-kit and for queries. */
export * from "./accounts/tables.ts";
export * from "./cas/tables.ts";
export * from "./factors/mobile-app/tables.ts";
export * from "./factors/recovery/tables.ts";
export * from "./factors/sms/tables.ts";
export * from "./factors/totp/tables.ts";
export * from "./factors/webauthn/tables.ts";
export * from "./oidc/tables.ts";
export * from "./pg-schema.ts";
