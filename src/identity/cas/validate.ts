/*
 * Validating a service ticket (/cas/validate, /cas/serviceValidate,
 * /cas/p3/serviceValidate), with the CAS specification's error codes:
 * - INVALID_REQUEST: `ticket` or `service` is missing;
 * - INVALID_TICKET_SPEC: the value is not a service ticket (`ST-…`);
 * - INVALID_TICKET: not issued here, already used, expired, or — with
 *   `renew=true` — not issued from a new login;
 * - INVALID_SERVICE: issued for another service URL, or for a service no
 *   longer registered.
 * The ticket is taken out of the table first, so it is used up by this
 * attempt whatever the outcome. Each outcome is audited with the service's
 * address (no query string) and never the ticket.
 */
import { eq } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { users } from "../accounts/tables.ts";
import type { User } from "../factors/factor.ts";
import { auditEvents } from "../pg-schema.ts";
import { findCasService } from "./services.ts";
import { type ServiceTicket, TICKET_PREFIX, takeServiceTicket } from "./tickets.ts";

export type CasErrorCode = "INVALID_REQUEST" | "INVALID_TICKET_SPEC" | "INVALID_TICKET" | "INVALID_SERVICE" | "INTERNAL_ERROR";

export type Validation = { ok: true; user: User; ticket: ServiceTicket } | { ok: false; code: CasErrorCode; description: string };

const TICKET_FORMAT = new RegExp(`^${TICKET_PREFIX}[A-Za-z0-9_-]{1,253}$`);

/** The service's address for the audit log: query strings can carry an application's own tokens. */
function addressOf(service: string | undefined): string | null {
  return service ? service.split("?", 1)[0].slice(0, 300) : null;
}

export async function validateServiceTicket(db: Db, origin: RequestOrigin, input: { ticket?: string; service?: string; renew: boolean }): Promise<Validation> {
  return db.transaction(async (tx) => {
    const refuse = async (code: CasErrorCode, description: string, userId: string | null = null): Promise<Validation> => {
      await audit(tx, auditEvents, origin, { type: "cas.ticket_refused", subjectId: userId, details: { code, service: addressOf(input.service) } });
      return { ok: false, code, description };
    };
    const { ticket, service } = input;
    // Used up first, whatever follows.
    const taken = ticket && TICKET_FORMAT.test(ticket) ? await takeServiceTicket(tx, ticket) : null;
    if (!ticket || !service) return refuse("INVALID_REQUEST", "Both ticket and service are required.", taken?.userId);
    if (!TICKET_FORMAT.test(ticket)) return refuse("INVALID_TICKET_SPEC", `The ticket is not a service ticket (${TICKET_PREFIX}…).`);
    if (!taken) return refuse("INVALID_TICKET", "The ticket was not recognised: it was not issued here, or has been used already.");
    if (taken.expiresAt.getTime() <= Date.now()) return refuse("INVALID_TICKET", "The ticket has expired.", taken.userId);
    if (taken.service !== service) return refuse("INVALID_SERVICE", "The ticket was issued for another service.", taken.userId);
    const registered = await findCasService(tx, service);
    if (!registered) return refuse("INVALID_SERVICE", "The service is no longer registered.", taken.userId);
    if (input.renew && !taken.fromNewLogin) return refuse("INVALID_TICKET", "The ticket was not issued from a new login (renew=true).", taken.userId);
    const [user] = await tx.select().from(users).where(eq(users.id, taken.userId));
    if (!user) return refuse("INVALID_TICKET", "The account of this ticket no longer exists.");
    await audit(tx, auditEvents, origin, {
      type: "cas.ticket_validated",
      actorId: user.id,
      subjectId: user.id,
      details: { serviceId: registered.id, service: addressOf(service) },
    });
    return { ok: true, user, ticket: taken };
  });
}
