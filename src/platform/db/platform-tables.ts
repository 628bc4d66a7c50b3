/*
 * Tables every service keeps in its own schema: the message outbox, the audit
 * log and rate-limit counters. A service never reads another one's tables.
 */
import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, type PgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

export function platformTables(schema: PgSchema) {
  const outbox = schema.table(
    "outbox",
    {
      id: bigserial({ mode: "number" }).primaryKey(),
      channel: text({ enum: ["mail", "sms"] }).notNull(),
      to: text().notNull(),
      subject: text().notNull().default(""),
      text: text().notNull(),
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

  const auditEvents = schema.table(
    "audit_events",
    {
      id: bigserial({ mode: "number" }).primaryKey(),
      at: timestamp({ withTimezone: true }).notNull().defaultNow(),
      type: text().notNull(),
      actorId: uuid(),
      subjectId: uuid(),
      ip: text(),
      userAgent: text(),
      details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    },
    (t) => [index().on(t.subjectId, t.at), index().on(t.type, t.at)],
  );

  const rateLimits = schema.table("rate_limits", {
    key: text().primaryKey(),
    count: integer().notNull(),
    resetAt: timestamp({ withTimezone: true }).notNull(),
  });

  return { outbox, auditEvents, rateLimits };
}

export type PlatformTables = ReturnType<typeof platformTables>;
