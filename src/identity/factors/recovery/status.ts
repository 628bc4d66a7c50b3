/* "My recovery codes": how many are left and when they were made — never the codes. */
import { and, count, eq, isNull, max } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { recoveryCodes } from "./tables.ts";

export type RecoveryCodesStatus = { remaining: number; generatedAt: string | null };

export async function recoveryCodesStatus(db: Db, userId: string): Promise<RecoveryCodesStatus> {
  const [row] = await db
    .select({ generatedAt: max(recoveryCodes.createdAt) })
    .from(recoveryCodes)
    .where(eq(recoveryCodes.userId, userId));
  const [left] = await db
    .select({ remaining: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { remaining: left.remaining, generatedAt: row.generatedAt ? new Date(row.generatedAt).toISOString() : null };
}
