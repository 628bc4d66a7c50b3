/* The signed-in user's CPMS memberships (granted profiles at providers of ERNs), from the app's /api/me. */
import type { Membership } from "../../../src/cpms/authorizations/memberships.ts";
import { useMe } from "../session.ts";

export function useMemberships() {
  const me = useMe();
  return { ...me, data: me.data?.memberships };
}

/** The providers where the user may enrol in `ernCode`: where they hold HP. */
export const enrollingProviders = (memberships: Membership[], ernCode: string) =>
  memberships.filter((membership) => membership.ernCode === ernCode && membership.profile === "HP");
