/*
 * Who may use CPMS, and as what: the user's granted CPMS rights, read from
 * the authorisation system (access) over its API with cpms's service token
 * (client credentials at identity), kept in cpms's own tables.
 * A membership is one granted profile at one healthcare provider of one ERN.
 * - requireMember: 401 when signed out; the memberships are read again from
 *   access when the stored copy is older than a few minutes or older than
 *   the user's sign-in; when access cannot be reached, a copy from the last
 *   hour serves, else 503; no granted right: 403 `no_cpms_rights`, with the
 *   authorisation system's address to request one.
 */
import type { FastifyRequest } from "fastify";
import { Problem, Unauthorized } from "../../platform/http/errors.ts";
import { currentUser, type SignedInUser } from "../../platform/http/oidc-sign-in.ts";
import { AccessUnreachable } from "./access-client.ts";
import { recordMemberships, storedMemberships } from "./directory.ts";

export const CPMS_PROFILES = ["Coordinator", "Dispatcher", "HP", "Panel Manager ERN", "Panel Manager HCP", "Researcher"] as const;
export type CpmsProfile = (typeof CPMS_PROFILES)[number];

export type Membership = {
  profile: CpmsProfile;
  ernCode: string;
  ernName: string;
  countryCode: string;
  countryName: string;
  providerId: string;
  providerCode: string;
  providerName: string;
  isGuest: boolean;
};

export type CpmsUser = SignedInUser & { memberships: Membership[] };

/** How long a stored copy is used without asking access again. */
export const REFRESH_MS = 3 * 60_000;
/** How old a stored copy may be and still serve while access cannot be reached. */
export const STALE_LIMIT_MS = 60 * 60_000;

export class NoCpmsRights extends Problem {
  constructor(accessUrl: string) {
    super(
      403,
      "Forbidden",
      "CPMS is for authorised ERN members: you hold no granted CPMS right. You can request one in the authorisation system.",
      undefined,
      {},
      { code: "no_cpms_rights", accessUrl },
    );
  }
}

export class MembershipsUnavailable extends Problem {
  constructor() {
    super(
      503,
      "Service Unavailable",
      "CPMS cannot reach the authorisation system to check your rights. Please try again in a few minutes.",
      undefined,
      { "retry-after": "60" },
      { code: "authorizations_unavailable" },
    );
  }
}

/** The user's memberships, fresh enough by the rules above; throws MembershipsUnavailable. */
export async function membershipsOf(request: FastifyRequest, user: SignedInUser): Promise<Membership[]> {
  const { db } = request.server.context;
  const stored = await storedMemberships(db, user.sub);
  const now = Date.now();
  const fetchedAt = stored.fetchedAt?.getTime();
  const signedInAfter = user.authTime !== null && fetchedAt !== undefined && user.authTime.getTime() > fetchedAt;
  if (fetchedAt !== undefined && now - fetchedAt < REFRESH_MS && !signedInAfter) return stored.memberships;
  try {
    const rights = await request.server.cpmsAccess.rightsOf(user.sub);
    return await db.transaction((tx) => recordMemberships(tx, user, rights, new Date()));
  } catch (error) {
    if (!(error instanceof AccessUnreachable)) throw error;
    request.log.warn({ err: error }, "the authorisation system could not be asked for a user's CPMS rights");
    if (fetchedAt !== undefined && now - fetchedAt < STALE_LIMIT_MS) return stored.memberships;
    throw new MembershipsUnavailable();
  }
}

/**
 * The signed-in user with their CPMS memberships: 401 when signed out, 403
 * (with the link to request access) when they hold no granted CPMS right.
 */
export async function requireMember(request: FastifyRequest): Promise<CpmsUser> {
  const user = await currentUser(request);
  if (!user) throw new Unauthorized("Please log in to CPMS first.");
  const memberships = await membershipsOf(request, user);
  if (memberships.length === 0) throw new NoCpmsRights(`${request.server.context.config.urls.access}/`);
  return { ...user, memberships };
}

/** The user's memberships as `profile`, optionally within one ERN. */
export function membershipsAs(user: CpmsUser, profile: CpmsProfile, ernCode?: string): Membership[] {
  return user.memberships.filter((membership) => membership.profile === profile && (ernCode === undefined || membership.ernCode === ernCode));
}

/** The ERNs the user belongs to (any profile), by code, each once. */
export function ernsOf(user: CpmsUser): { code: string; name: string }[] {
  const byCode = new Map<string, string>();
  for (const membership of user.memberships) if (!byCode.has(membership.ernCode)) byCode.set(membership.ernCode, membership.ernName);
  return [...byCode].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}

export function isMemberOf(user: CpmsUser, ernCode: string): boolean {
  return user.memberships.some((membership) => membership.ernCode === ernCode);
}

export function isHpAt(user: CpmsUser, ernCode: string, providerId: string): boolean {
  return user.memberships.some((membership) => membership.profile === "HP" && membership.ernCode === ernCode && membership.providerId === providerId);
}

export function isCoordinatorOf(user: CpmsUser, ernCode: string): boolean {
  return membershipsAs(user, "Coordinator", ernCode).length > 0;
}

declare module "fastify" {
  interface FastifyInstance {
    /** cpms's client of the authorisation system's API (authorizations/routes.ts). */
    cpmsAccess: import("./access-client.ts").AccessClient;
  }
}
