/*
 * What a validation tells the service about the user and the sign-in. The
 * user is named by the account's id, which never changes; the rest are
 * attributes:
 * - email, firstName, lastName, displayName;
 * - authenticationLevel (EU Login's BASIC, MEDIUM, HIGH) and assuranceLevel
 *   (the session's acr: low, substantial, high);
 * - amr (RFC 8176) and strengths (EU Login's, from the amr: strengths.ts);
 * - authenticationDate (when the user signed in) and isFromNewLogin, the
 *   attributes CAS 3.0 names.
 */
import type { User } from "../factors/factor.ts";
import { authenticationLevelOf, strengthsOf } from "./strengths.ts";
import type { ServiceTicket } from "./tickets.ts";

export type Attributes = Record<string, string | string[] | boolean>;

export function releasedAttributes(user: User, ticket: ServiceTicket): Attributes {
  return {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    displayName: `${user.firstName} ${user.lastName}`,
    authenticationLevel: authenticationLevelOf(ticket.acr),
    assuranceLevel: ticket.acr,
    amr: ticket.amr,
    strengths: strengthsOf(ticket.amr),
    authenticationDate: ticket.authTime.toISOString(),
    isFromNewLogin: ticket.fromNewLogin,
  };
}
