/*
 * The panels API as the pages read and change it (src/cpms/panels/contract.ts):
 * query keys and fetchers in one place, and one mutation that, once the
 * server has answered, puts the panel it returns in the cache and refreshes
 * every list of panels (a deleted or left panel is not read again: its page goes).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { PanelList, PanelStatus, PanelSummary, PanelView, PatientOutcome } from "../../../src/cpms/panels/contract.ts";
import type { ThematicAreasView } from "../../../src/cpms/preferences/contract.ts";
import { api } from "../../ui/api.ts";
import { attachmentsUrl, type FileView } from "../patients/files.ts";
import { patientKey } from "../patients/queries.ts";

export type ListRole = "leading" | "member" | "invited" | "managing" | "all";
export type ListFilters = { role: ListRole; status: PanelStatus | null; page: number };

export const panelsKey = ["panels"] as const;
export const panelKey = (id: string) => ["panel", id] as const;
export const panelUrl = (id: string) => `/api/panels/${encodeURIComponent(id)}`;
export const panelFileHref = (panelId: string, fileId: string) => `${panelUrl(panelId)}/files/${encodeURIComponent(fileId)}`;
export const outcomePdfHref = (panelId: string) => `${panelUrl(panelId)}/outcome.pdf`;

export function listUrl(filters: ListFilters) {
  const query = new URLSearchParams({ role: filters.role });
  if (filters.status) query.set("status", filters.status);
  if (filters.page > 1) query.set("page", String(filters.page));
  return `/api/panels?${query}`;
}

export function usePanelList(filters: ListFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...panelsKey, "mine", listUrl(filters)],
    queryFn: () => api<PanelList>(listUrl(filters)),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function usePanel(id: string) {
  return useQuery({ queryKey: panelKey(id), queryFn: () => api<{ panel: PanelView }>(panelUrl(id)), retry: false });
}

export function usePatientPanels(patientId: string) {
  return useQuery({
    queryKey: [...panelsKey, "patient", patientId],
    queryFn: () => api<{ panels: PanelSummary[] }>(`/api/patients/${encodeURIComponent(patientId)}/panels`),
  });
}

export function usePatientOutcomes(patientId: string) {
  return useQuery({
    queryKey: [...panelsKey, "patient", patientId, "outcomes"],
    queryFn: () => api<{ outcomes: PatientOutcome[] }>(`/api/patients/${encodeURIComponent(patientId)}/panel-outcomes`),
  });
}

export function useThematicAreas(ernCode: string) {
  return useQuery({
    queryKey: ["thematic-areas", ernCode],
    queryFn: () => api<ThematicAreasView>(`/api/erns/${encodeURIComponent(ernCode)}/thematic-areas`),
    enabled: !!ernCode,
    select: (view) => view.areas.filter((area) => area.retiredAt === null),
  });
}

/** The patient's attachments, which a panel may share (the same cache as the patient's Attachments tab). */
export function usePatientAttachments(patientId: string) {
  return useQuery({
    queryKey: [...patientKey(patientId), "attachments"],
    queryFn: () => api<{ attachments: FileView[] }>(attachmentsUrl(patientId)),
    retry: false,
  });
}

/** `leaves`: after this change the user no longer sees the panel (a declined invitation), so it is not read again. */
type Call = { path?: string; method?: string; body?: unknown; leaves?: boolean };

/**
 * A change to one panel (`path` under /api/panels/:id). The answer's panel,
 * when it has one, replaces the cached one; the panel and every list are
 * then read again (members, counts and notifications may have changed).
 */
export function usePanelMutation<T extends { message?: string; panel?: PanelView }>(panelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path = "", method, body }: Call) => api<T>(`${panelUrl(panelId)}${path}`, { method, body }),
    onSuccess: async (answer, call) => {
      const gone = call.leaves || (call.method === "DELETE" && !call.path);
      if (answer?.panel) queryClient.setQueryData(panelKey(panelId), { panel: answer.panel });
      await Promise.all([
        gone ? undefined : queryClient.invalidateQueries({ queryKey: panelKey(panelId) }),
        queryClient.invalidateQueries({ queryKey: panelsKey }),
        queryClient.invalidateQueries({ queryKey: ["notifications"] }),
      ]);
    },
  });
}
