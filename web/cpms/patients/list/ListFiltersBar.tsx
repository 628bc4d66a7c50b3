/* The list's search and filters: pseudonym, diagnosis (ORPHAcode or ICD-10), phenotype (HPO), healthcare provider, enrolment dates. */
import { Badge, Button, CloseButton, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { TermSearch, termLabel } from "../TermSearch.tsx";
import type { ListFilters } from "./list-query.ts";

function Chosen({ code, label, clearLabel, onClear }: { code: string; label: string; clearLabel: string; onClear: () => void }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="light" tt="none" size="lg">
        {termLabel({ code, label })}
      </Badge>
      <CloseButton size="sm" aria-label={clearLabel} onClick={onClear} />
    </Group>
  );
}

export function ListFiltersBar({
  filters,
  providers,
  onChange,
}: {
  filters: ListFilters;
  providers: { id: string; label: string }[];
  onChange: (next: ListFilters) => void;
}) {
  const { t } = useTranslation("patients");
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  const change = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch, page: 1 });
  const any = filters.q || filters.diagnosis || filters.phenotype || filters.provider || filters.from || filters.to;
  return (
    <Stack gap="sm" component="section" aria-label={t("list.filters")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          change({ q });
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t("list.search")}
            placeholder={t("list.searchPlaceholder")}
            maxLength={40}
            value={q}
            onChange={(event) => setQ(event.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" variant="light">
            {t("list.searchButton")}
          </Button>
        </Group>
      </form>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Stack gap={4}>
          <TermSearch system="ORPHA" label={t("list.diagnosis")} onPick={(term) => change({ diagnosis: term.code, diagnosisLabel: term.label })} />
          {filters.diagnosis && (
            <Chosen
              code={filters.diagnosis}
              label={filters.diagnosisLabel}
              clearLabel={t("list.clearFilter", { what: filters.diagnosis })}
              onClear={() => change({ diagnosis: "", diagnosisLabel: "" })}
            />
          )}
        </Stack>
        <Stack gap={4}>
          <TermSearch system="HPO" label={t("list.phenotype")} onPick={(term) => change({ phenotype: term.code, phenotypeLabel: term.label })} />
          {filters.phenotype && (
            <Chosen
              code={filters.phenotype}
              label={filters.phenotypeLabel}
              clearLabel={t("list.clearFilter", { what: filters.phenotype })}
              onClear={() => change({ phenotype: "", phenotypeLabel: "" })}
            />
          )}
        </Stack>
        <Select
          label={t("list.hcp")}
          clearable
          searchable
          value={filters.provider || null}
          data={providers.map((provider) => ({ value: provider.id, label: provider.label }))}
          onChange={(provider) => change({ provider: provider ?? "" })}
        />
        <Group grow gap="xs">
          <TextInput type="date" label={t("list.from")} value={filters.from} onChange={(event) => change({ from: event.currentTarget.value })} />
          <TextInput type="date" label={t("list.to")} value={filters.to} onChange={(event) => change({ to: event.currentTarget.value })} />
        </Group>
      </SimpleGrid>
      {any && (
        <Group>
          <Button
            variant="subtle"
            size="xs"
            onClick={() =>
              onChange({ ...filters, q: "", diagnosis: "", diagnosisLabel: "", phenotype: "", phenotypeLabel: "", provider: "", from: "", to: "", page: 1 })
            }
          >
            {t("list.clearAll")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
