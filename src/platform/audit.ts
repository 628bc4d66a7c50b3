/*
 * The audit log: who did what to whom, from where. Written in the same
 * transaction as the change it records, so neither exists without the other.
 */
import type { Db } from "./db/database.ts";
import type { PlatformTables } from "./db/platform-tables.ts";

export type RequestOrigin = { ip?: string; userAgent?: string };

export type AuditEvent = {
  type: string;
  actorId?: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown>;
};

export async function audit(tx: Db, table: PlatformTables["auditEvents"], origin: RequestOrigin, event: AuditEvent): Promise<void> {
  await tx.insert(table).values({
    type: event.type,
    actorId: event.actorId ?? null,
    subjectId: event.subjectId ?? null,
    ip: origin.ip ?? null,
    userAgent: origin.userAgent?.slice(0, 300) ?? null,
    details: event.details ?? {},
  });
}
