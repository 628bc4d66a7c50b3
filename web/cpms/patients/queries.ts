/* The patient API as the pages read it: query keys and fetchers, one place. */
import { useQuery } from "@tanstack/react-query";
import type { PatientView, VersionSummary, VersionView } from "../../../src/cpms/patients/contract.ts";
import { api } from "../../ui/api.ts";

export const patientKey = (id: string) => ["patient", id] as const;

export function usePatient(id: string) {
  return useQuery({ queryKey: patientKey(id), queryFn: () => api<{ patient: PatientView }>(`/api/patients/${encodeURIComponent(id)}`) });
}

export function useHistory(id: string) {
  return useQuery({
    queryKey: [...patientKey(id), "history"],
    queryFn: () => api<{ versions: VersionSummary[] }>(`/api/patients/${encodeURIComponent(id)}/history`),
  });
}

export function useVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: [...patientKey(id), "version", version],
    queryFn: () => api<VersionView>(`/api/patients/${encodeURIComponent(id)}/history/${version}`),
    enabled: version !== null,
  });
}
