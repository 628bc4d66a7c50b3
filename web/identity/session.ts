/* The sign-in session as the identity API reports it. */
import { useQuery } from "@tanstack/react-query";
import { api } from "../ui/api.ts";

export type SessionInfo = {
  user: { id: string; email: string; firstName: string; lastName: string; locale: string } | null;
  acr: string | null;
  amr: string[];
  rememberedEmail: string | null;
};

export type Settings = {
  captcha: boolean;
  passwordMinLength: number;
  passwordRules: Record<string, string>;
  passwordLinkTtlMinutes: number;
};

export function useSession() {
  return useQuery({ queryKey: ["session"], queryFn: () => api<SessionInfo>("/api/session") });
}

export function useSettings() {
  return useQuery({ queryKey: ["settings"], queryFn: () => api<Settings>("/api/settings"), staleTime: Number.POSITIVE_INFINITY });
}
