/* "My sign-in history": the account's own sign-in and security events, newest first. */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { auditEvents } from "../pg-schema.ts";

const SHOWN = [
  "sign_in.succeeded",
  "sign_in.failed",
  "sign_in.second_factor_failed",
  "account.locked",
  "sign_out",
  "session.stepped_up",
  "session.reauthenticated",
  "account.password_changed",
  "account.password_reset",
  "factor.added",
  "factor.removed",
];

export async function signInHistory(db: Db, userId: string, limit = 50) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, userId), inArray(auditEvents.type, SHOWN)))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  return rows.map((row) => ({ at: row.at.toISOString(), type: row.type, ip: row.ip, userAgent: row.userAgent, details: row.details }));
}
