/*
 * A store for @fastify/rate-limit that keeps counters in PostgreSQL, so
 * several instances behind a load balancer count together (fixed windows).
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import type { PlatformTables } from "../db/platform-tables.ts";

export type Hit = { count: number; resetAt: Date };

/** Counts one hit on key in a window of windowMs; the same counter for every instance. */
export async function hit(db: Db, table: PlatformTables["rateLimits"], key: string, windowMs: number): Promise<Hit> {
  const resetAt = new Date(Date.now() + windowMs);
  const [row] = await db
    .insert(table)
    .values({ key, count: 1, resetAt })
    .onConflictDoUpdate({
      target: table.key,
      set: {
        count: sql`case when ${table.resetAt} <= now() then 1 else ${table.count} + 1 end`,
        resetAt: sql`case when ${table.resetAt} <= now() then excluded.reset_at else ${table.resetAt} end`,
      },
    })
    .returning({ count: table.count, resetAt: table.resetAt });
  return row;
}

export function postgresRateLimitStore(db: Db, table: PlatformTables["rateLimits"]) {
  return class PostgresStore {
    prefix: string;
    constructor(options: { keyPrefix?: string } = {}) {
      this.prefix = options.keyPrefix ?? "ip:";
    }
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      hit(db, table, this.prefix + key, timeWindow).then(
        (row) => callback(null, { current: row.count, ttl: Math.max(0, row.resetAt.getTime() - Date.now()) }),
        (error) => callback(error as Error),
      );
    }
    // Routes with their own limit count apart from the rest, one counter per route.
    // (The plugin's typings say route options; at run time it passes its merged params with routeInfo.)
    child(options: object) {
      const route = (options as { routeInfo?: { method?: unknown; url?: string } }).routeInfo;
      return new PostgresStore({ keyPrefix: `${this.prefix}${route?.method}:${route?.url}:` });
    }
  };
}
