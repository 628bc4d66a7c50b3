/*
 * Service tickets.
 * - `ST-` and 256 random bits; the table keeps their SHA-256 only, so a
 *   copy of it holds no usable ticket;
 * - bound to the exact service URL they were issued for, valid
 *   TICKET_SECONDS, carrying how the session signed in (acr, amr, time);
 * - single-use: taking a ticket deletes it, before anything is checked, so
 *   the first validation attempt consumes it whatever its outcome and a
 *   racing second one finds nothing;
 * - signing out of identity deletes the tickets its session was given and
 *   not yet validated.
 */
import { eq } from "drizzle-orm";
import { randomToken, sha256 } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import type { CurrentSession } from "../accounts/sessions.ts";
import { casTickets } from "./tables.ts";

export const TICKET_SECONDS = 30;
export const TICKET_PREFIX = "ST-";

export type ServiceTicket = typeof casTickets.$inferSelect;

export async function issueServiceTicket(tx: Db, session: CurrentSession, service: string, isFromNewLogin: boolean): Promise<string> {
  const ticket = `${TICKET_PREFIX}${randomToken()}`;
  await tx.insert(casTickets).values({
    ticketHash: sha256(ticket),
    service,
    userId: session.user.id,
    sessionHash: session.tokenHash,
    acr: session.acr,
    amr: session.amr,
    authTime: session.authTime,
    fromNewLogin: isFromNewLogin,
    expiresAt: new Date(Date.now() + TICKET_SECONDS * 1000),
  });
  return ticket;
}

/** Takes the ticket out of the table (it is used up from now on), or null if it is not there. */
export async function takeServiceTicket(tx: Db, ticket: string): Promise<ServiceTicket | null> {
  const [taken] = await tx
    .delete(casTickets)
    .where(eq(casTickets.ticketHash, sha256(ticket)))
    .returning();
  return taken ?? null;
}

export async function dropTicketsOfSession(db: Db, sessionHash: string): Promise<void> {
  await db.delete(casTickets).where(eq(casTickets.sessionHash, sessionHash));
}
