/*
 * The approvers operators name (`opencpms approvers`): an ERN's
 * coordinators and helpdesk, or the global helpdesk.
 * - keyed by e-mail, kept lower-case (identity's e-mails are verified;
 *   access learns a user's `sub` only at sign-in); one row per e-mail and
 *   ERN, or per e-mail for the global helpdesk: adding again updates the
 *   name and role;
 * - an unknown ERN or a malformed e-mail is refused, naming the field.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField, NotFound } from "../../platform/http/errors.ts";
import { erns } from "../catalog/tables.ts";
import type { ApproverRole } from "./scope.ts";
import { approvers } from "./tables.ts";

export type Approver = typeof approvers.$inferSelect;
export type NewApprover = { email: string; name: string; ernCode: string | null; role: ApproverRole };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function normalEmail(email: string): string {
  const normal = email.trim().toLowerCase();
  if (!EMAIL.test(normal) || normal.length > 254) throw new InvalidField("email", `“${email}” is not an e-mail address.`);
  return normal;
}

async function requireErn(db: Db, code: string | null): Promise<string | null> {
  if (code === null) return null;
  const [ern] = await db
    .select({ code: erns.code })
    .from(erns)
    .where(eq(sql`upper(${erns.code})`, code.trim().toUpperCase()));
  if (!ern) throw new InvalidField("ern", `There is no ERN with the code “${code}”.`);
  return ern.code;
}

const sameEntry = (email: string, ernCode: string | null) =>
  and(eq(approvers.email, email), ernCode === null ? isNull(approvers.ernCode) : eq(approvers.ernCode, ernCode));

export async function addApprover(tx: Db, input: NewApprover): Promise<{ approver: Approver; isNew: boolean }> {
  const email = normalEmail(input.email);
  const name = input.name.trim();
  if (!name || name.length > 200) throw new InvalidField("name", "Give the approver's name (at most 200 characters).");
  const ernCode = await requireErn(tx, input.ernCode);
  const [existing] = await tx.select().from(approvers).where(sameEntry(email, ernCode)).for("update");
  if (existing) {
    const [approver] = await tx.update(approvers).set({ name, role: input.role }).where(eq(approvers.id, existing.id)).returning();
    return { approver, isNew: false };
  }
  const [approver] = await tx.insert(approvers).values({ email, name, ernCode, role: input.role }).returning();
  return { approver, isNew: true };
}

export async function removeApprover(tx: Db, email: string, ernCode: string | null): Promise<Approver> {
  const normal = normalEmail(email);
  const code = await requireErn(tx, ernCode);
  const [removed] = await tx.delete(approvers).where(sameEntry(normal, code)).returning();
  if (!removed) throw new NotFound(`${normal} is not an approver ${code ? `of ${code}` : "for all ERNs"}.`);
  return removed;
}

export function listApprovers(db: Db): Promise<Approver[]> {
  return db.select().from(approvers).orderBy(sql`${approvers.ernCode} nulls first`, asc(approvers.email));
}
