/*
 * Search of a terminology (HPO, Orphanet, ICD-10) by code or name, for the
 * record's pickers and the list's filters: type a code ("HP:0001250",
 * "ORPHA:558", "C49") or words, choose a term. Searches GET /api/terms.
 */
import { Loader, Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Term, TermSystem } from "../../../src/cpms/terminology/lookup.ts";
import { api } from "../../ui/api.ts";

export function useTermSearch(system: TermSystem, query: string) {
  const [debounced] = useDebouncedValue(query.trim(), 250);
  return useQuery({
    queryKey: ["terms", system, debounced],
    queryFn: () => api<{ terms: Term[] }>(`/api/terms?${new URLSearchParams({ system, q: debounced })}`),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

export const termLabel = (term: { code: string; label: string }) => `${term.code} ${term.label}`;

export function TermSearch({
  system,
  label,
  description,
  error,
  exclude = [],
  onPick,
}: {
  system: TermSystem;
  label: string;
  description?: string;
  error?: string;
  /** Codes already chosen, left out of the options. */
  exclude?: string[];
  onPick: (term: Term) => void;
}) {
  const { t } = useTranslation("patients");
  const [search, setSearch] = useState("");
  const found = useTermSearch(system, search);
  const terms = (found.data?.terms ?? []).filter((term) => !exclude.includes(term.code));
  return (
    <Select
      label={label}
      description={description}
      error={error}
      placeholder={t(`terms.placeholder.${system}`)}
      searchable
      clearable
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={terms.map((term) => ({ value: term.code, label: termLabel(term) }))}
      nothingFoundMessage={search.trim().length >= 2 && found.isSuccess ? t("terms.nothingFound") : t("terms.typeMore")}
      rightSection={found.isFetching ? <Loader size="xs" /> : undefined}
      onChange={(code) => {
        const term = terms.find((candidate) => candidate.code === code);
        if (term) {
          onPick(term);
          setSearch("");
        }
      }}
    />
  );
}
