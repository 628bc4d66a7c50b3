/* The signed-in user's CPMS memberships (granted profiles at providers of ERNs), as the pages need them. */
import { useQuery } from "@tanstack/react-query";
import type { Membership } from "../../../src/cpms/authorizations/memberships.ts";
import { api } from "../../ui/api.ts";

export function useMemberships() {
  return useQuery({
    queryKey: ["me", "memberships"],
    queryFn: async () => (await api<{ memberships: Membership[] }>("/api/me")).memberships,
    staleTime: 60_000,
  });
}

/** The providers where the user may enrol in `ernCode`: where they hold HP. */
export const enrollingProviders = (memberships: Membership[], ernCode: string) =>
  memberships.filter((membership) => membership.ernCode === ernCode && membership.profile === "HP");
