/* The queue's filters: ERN, country, access profile, status, "Older than", and a search on the requester and the organisation. */
import { Group, NativeSelect, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApprovalQueue } from "../../../src/access/contract.ts";
import type { QueueFilters } from "./query.ts";

const STATUSES = ["pending", "requested", "deletion_requested", "granted", "rejected", "withdrawn", "revoked", "all"];
const AGES = ["", "24", "48", "120"];

export function QueueFiltersBar({
  filters,
  choices,
  onChange,
}: {
  filters: QueueFilters;
  choices: ApprovalQueue["filters"] | undefined;
  onChange: (filters: QueueFilters) => void;
}) {
  const { t } = useTranslation();
  const [searchText, setSearchText] = useState(filters.search);
  useEffect(() => setSearchText(filters.search), [filters.search]);
  const set = (change: Partial<QueueFilters>) => onChange({ ...filters, ...change, page: 1 });
  const searchLater = useDebouncedCallback((text: string) => set({ search: text.trim() }), 500);
  const any = { value: "", label: t("approvals.any") };
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <NativeSelect
        label={t("approvals.ern")}
        value={filters.ern}
        data={[any, ...(choices?.erns ?? []).map((ern) => ({ value: ern.code, label: `${ern.code} - ${ern.name}` }))]}
        onChange={(event) => set({ ern: event.currentTarget.value })}
        w={220}
      />
      <NativeSelect
        label={t("approvals.country")}
        value={filters.country}
        data={[any, ...(choices?.countries ?? []).map((country) => ({ value: country.code, label: country.name }))]}
        onChange={(event) => set({ country: event.currentTarget.value })}
        w={170}
      />
      <NativeSelect
        label={t("approvals.profile")}
        value={filters.profile}
        data={[any, ...(choices?.profiles ?? []).map((profile) => ({ value: profile.id, label: `${profile.application} — ${profile.name}` }))]}
        onChange={(event) => set({ profile: event.currentTarget.value })}
        w={220}
      />
      <NativeSelect
        label={t("approvals.status")}
        value={filters.status}
        data={STATUSES.map((status) => ({ value: status, label: t(`approvals.statuses.${status}`) }))}
        onChange={(event) => set({ status: event.currentTarget.value })}
        w={190}
      />
      <NativeSelect
        label={t("approvals.olderThan")}
        value={filters.olderThanHours}
        data={AGES.map((hours) => ({ value: hours, label: t(`approvals.ages.${hours || "any"}`) }))}
        onChange={(event) => set({ olderThanHours: event.currentTarget.value })}
        w={140}
      />
      <TextInput
        label={t("approvals.search")}
        type="search"
        value={searchText}
        onChange={(event) => {
          setSearchText(event.currentTarget.value);
          searchLater(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") set({ search: event.currentTarget.value.trim() });
        }}
        w={220}
      />
    </Group>
  );
}
