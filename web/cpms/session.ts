/* Who is signed in (the sign-in session), who they are in CPMS (/api/me), and where identity and the authorisation system are. */
import { useQuery } from "@tanstack/react-query";
import type { Me, Settings } from "../../src/cpms/dashboard/contract.ts";
import { api } from "../ui/api.ts";

export type Session = { user: { name: string; email: string | null } | null; acr: string | null };

export function useSession() {
  return useQuery({ queryKey: ["session"], queryFn: () => api<Session>("/api/session") });
}

export function useMe(enabled = true) {
  return useQuery({ queryKey: ["me"], queryFn: () => api<Me>("/api/me"), enabled, staleTime: 60_000 });
}

export function useSettings() {
  return useQuery({ queryKey: ["settings"], queryFn: () => api<Settings>("/api/settings"), staleTime: Number.POSITIVE_INFINITY });
}

/** Where "Login via OpenCPMS Login" goes: identity's sign-in, then back to `path` here. */
export function loginHref(path: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(path)}`;
}
