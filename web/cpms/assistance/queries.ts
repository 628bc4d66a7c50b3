/* The requests-for-assistance API as the pages read it (src/cpms/assistance/contract.ts): query keys and fetchers, one place. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AssistanceRequestView, LeadCandidate, RequestStatus } from "../../../src/cpms/assistance/contract.ts";
import { api } from "../../ui/api.ts";

export type { AssistanceRequestView, LeadCandidate, RequestStatus };

export type QueuePage = {
  rows: AssistanceRequestView[];
  total: number;
  page: number;
  perPage: number;
  counts: Partial<Record<RequestStatus, number>>;
};

/** Every cached list and request: what a decision refreshes. */
export const assistanceKey = ["assistance"] as const;

export function useMyRequests() {
  return useQuery({
    queryKey: [...assistanceKey, "mine"],
    queryFn: () => api<{ requests: AssistanceRequestView[] }>("/api/assistance-requests/mine"),
  });
}

export function useQueue(ernCode: string, status: RequestStatus | "", page: number) {
  const query = new URLSearchParams({ ...(status ? { status } : {}), page: String(page) });
  return useQuery({
    queryKey: [...assistanceKey, "queue", ernCode, status, page],
    queryFn: () => api<QueuePage>(`/api/erns/${encodeURIComponent(ernCode)}/assistance-requests?${query}`),
    placeholderData: keepPreviousData,
  });
}

export function useRequest(id: string | null) {
  return useQuery({
    queryKey: [...assistanceKey, "request", id],
    queryFn: () => api<{ request: AssistanceRequestView }>(`/api/assistance-requests/${encodeURIComponent(id ?? "")}`),
    enabled: !!id,
  });
}

export function useLeads(ernCode: string, search: string, areaId: string | null) {
  const query = new URLSearchParams({ q: search, ...(areaId ? { area: areaId } : {}) });
  return useQuery({
    queryKey: [...assistanceKey, "leads", ernCode, query.toString()],
    queryFn: () => api<{ leads: LeadCandidate[] }>(`/api/erns/${encodeURIComponent(ernCode)}/panel-leads?${query}`),
    placeholderData: keepPreviousData,
  });
}
