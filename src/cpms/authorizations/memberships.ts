/*
 * Who may use CPMS, and as what: the user's granted CPMS rights, read from
 * the authorisation system (access) over its API with cpms's service token
 * (client credentials at identity), kept briefly in cpms's own tables.
 * A membership is one granted profile at one healthcare provider of one ERN.
 */
import type { FastifyRequest } from "fastify";
import { Unauthorized } from "../../platform/http/errors.ts";
import { currentUser, type SignedInUser } from "../../platform/http/oidc-sign-in.ts";

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

/**
 * The signed-in user with their CPMS memberships: 401 when signed out, 403
 * (with the link to request access) when they hold no granted CPMS right.
 */
export async function requireMember(request: FastifyRequest): Promise<CpmsUser> {
  const user = await currentUser(request);
  if (!user) throw new Unauthorized("Please log in to CPMS first.");
  // Filled in by the authorizations feature.
  return { ...user, memberships: [] };
}
