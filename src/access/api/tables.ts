/*
 * Applications that read authorizations over the API:
 * - api_clients: an OpenID Connect client of identity (its client_id, as
 *   identity's introspection names it) and the applications whose rights it
 *   may read; optionally a webhook URL and its signing secret (sealed under
 *   SECRETS_KEY, webhook-secret.ts) to be told of changes;
 * - webhook_deliveries: the outbox of those notices, written in the same
 *   transaction as the change, retried with backoff until delivered.
 */
import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accessSchema } from "../pg-schema.ts";

export const apiClients = accessSchema.table("api_clients", {
  clientId: text().primaryKey(),
  name: text().notNull(),
  applications: text().array().notNull(),
  webhookUrl: text(),
  webhookSecret: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const webhookDeliveries = accessSchema.table(
  "webhook_deliveries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    clientId: text()
      .notNull()
      .references(() => apiClients.clientId, { onDelete: "cascade" }),
    eventId: uuid().notNull().defaultRandom(),
    eventType: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ["pending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`)],
);
