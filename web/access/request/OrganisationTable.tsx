/*
 * The "*Organisations" table of step 2: "records per page", "Search:" (on
 * Enter, or after a pause in typing; it finds providers across the tree),
 * the "← Up / ERN / Country" trail, and a row per organisation with "Open"
 * (ERNs and countries), a radio to select it, and "Details".
 */
import { Alert, Anchor, Box, Button, Group, Loader, NativeSelect, Pagination, Radio, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrganisationPage, OrganisationRow } from "../../../src/access/contract.ts";
import { api } from "../../ui/api.ts";
import type { Browse, WizardState } from "./wizard-state.ts";

const PER_PAGE = ["10", "25", "50", "100"];

function organisationsUrl(applicationId: string, browse: Browse): string {
  const query = new URLSearchParams({ application: applicationId, page: String(browse.page), perPage: String(browse.perPage) });
  if (browse.ern) query.set("ern", browse.ern);
  if (browse.country) query.set("country", browse.country);
  if (browse.search) query.set("search", browse.search);
  return `/api/organisations?${query}`;
}

type Props = {
  applicationId: string;
  browse: Browse;
  selected: WizardState["organisation"];
  onBrowse: (browse: Browse) => void;
  onSelect: (row: OrganisationRow) => void;
};

function Row({
  row,
  searching,
  isSelected,
  onOpen,
  onSelect,
}: {
  row: OrganisationRow;
  searching: boolean;
  isSelected: boolean;
  onOpen: () => void;
  onSelect: () => void;
}) {
  const { t } = useTranslation();
  const [showDetails, setShowDetails] = useState(false);
  const label = row.requestSubmitted ? `${row.label} ${t("request.submittedMark")}` : row.label;
  return (
    <Fragment>
      <Table.Tr bg={isSelected ? "var(--mantine-color-blue-light)" : undefined}>
        <Table.Td w={90}>
          {row.canOpen && (
            <Button size="xs" aria-label={t("request.openLabel", { label: row.label })} onClick={onOpen}>
              {t("request.open")}
            </Button>
          )}
        </Table.Td>
        <Table.Td>
          <Radio name="organisation" value={`${row.kind}:${row.id}`} checked={isSelected} onChange={onSelect} label={label} />
          {searching && row.path && (
            <Text size="xs" c="dimmed" ml={32}>
              {row.path}
            </Text>
          )}
        </Table.Td>
        <Table.Td w={110} ta="right">
          <Button
            size="xs"
            variant="subtle"
            aria-expanded={showDetails}
            aria-label={t("request.detailsLabel", { label: row.label })}
            onClick={() => setShowDetails((shown) => !shown)}
          >
            {t("request.details")} {showDetails ? "▴" : "▾"}
          </Button>
        </Table.Td>
      </Table.Tr>
      {showDetails && (
        <Table.Tr>
          <Table.Td />
          <Table.Td colSpan={2}>
            <Box component="dl" m={0} style={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 16, rowGap: 2 }}>
              {row.details.map((detail) => (
                <Fragment key={detail.label}>
                  <Text component="dt" size="sm" fw={600}>
                    {detail.label}
                  </Text>
                  <Text component="dd" size="sm" m={0}>
                    {/^https?:\/\//.test(detail.value) ? (
                      <Anchor href={detail.value} target="_blank" rel="noreferrer" size="sm">
                        {detail.value}
                      </Anchor>
                    ) : (
                      detail.value
                    )}
                  </Text>
                </Fragment>
              ))}
              {row.details.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t("request.noDetails")}
                </Text>
              )}
            </Box>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

export function OrganisationTable({ applicationId, browse, selected, onBrowse, onSelect }: Props) {
  const { t } = useTranslation();
  const [searchText, setSearchText] = useState(browse.search);
  useEffect(() => setSearchText(browse.search), [browse.search]);
  const search = (text: string) => {
    if (text.trim() !== browse.search) onBrowse({ ...browse, search: text.trim(), page: 1 });
  };
  const searchLater = useDebouncedCallback(search, 500);
  const page = useQuery({
    queryKey: ["organisations", applicationId, browse],
    queryFn: () => api<OrganisationPage>(organisationsUrl(applicationId, browse)),
    placeholderData: keepPreviousData,
  });

  const moveTo = (ern: string | null, country: string | null) => onBrowse({ ...browse, ern, country, search: "", page: 1 });
  const trail = page.data?.trail ?? [];
  const up = () => (browse.country ? moveTo(browse.ern, null) : moveTo(null, null));
  const data = page.data;
  const first = data && data.total > 0 ? (data.page - 1) * data.perPage + 1 : 0;
  const last = data ? Math.min(data.page * data.perPage, data.total) : 0;

  return (
    <Box>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <NativeSelect
            aria-label={t("request.perPageLabel")}
            value={String(browse.perPage)}
            data={PER_PAGE}
            onChange={(event) => onBrowse({ ...browse, perPage: Number(event.currentTarget.value), page: 1 })}
          />
          <Text size="sm">{t("request.perPage")}</Text>
        </Group>
        <Group gap="xs">
          <Text component="label" htmlFor="organisation-search" size="sm">
            {t("request.search")}
          </Text>
          <TextInput
            id="organisation-search"
            type="search"
            value={searchText}
            onChange={(event) => {
              setSearchText(event.currentTarget.value);
              searchLater(event.currentTarget.value);
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                search(event.currentTarget.value);
              }
            }}
          />
        </Group>
      </Group>
      <Group gap={6} mb="xs" component="nav" aria-label={t("request.trail")}>
        <Anchor component="button" type="button" onClick={up} disabled={!browse.ern} c={browse.ern ? undefined : "dimmed"}>
          {t("request.up")}
        </Anchor>
        {trail.map((crumb) => (
          <Fragment key={crumb.id}>
            <Text span c="dimmed">
              /
            </Text>
            <Anchor
              component="button"
              type="button"
              onClick={() => (crumb.kind === "ern" ? moveTo(crumb.id, null) : moveTo(browse.ern, crumb.id.split("/")[1] ?? null))}
            >
              {crumb.label}
            </Anchor>
          </Fragment>
        ))}
        {page.isFetching && <Loader size="xs" aria-label={t("loading")} />}
      </Group>
      {page.isError && (
        <Alert color="red" role="alert" mb="sm">
          {page.error.message}
        </Alert>
      )}
      <Table striped highlightOnHover withTableBorder aria-label={t("request.organisations")}>
        <Table.Tbody>
          {data?.rows.map((row) => (
            <Row
              key={`${row.kind}:${row.id}`}
              row={row}
              searching={!!browse.search}
              isSelected={selected?.kind === row.kind && selected.id === row.id}
              onOpen={() => (row.kind === "ern" ? moveTo(row.ernCode, null) : moveTo(row.ernCode, row.countryCode))}
              onSelect={() => onSelect(row)}
            />
          ))}
          {data && data.rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text size="sm" c="dimmed">
                  {browse.search ? t("request.noMatch") : t("request.noOrganisations")}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {!data && page.isPending && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Loader size="sm" aria-label={t("loading")} />
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {data && (
        <Group justify="space-between" mt="xs">
          <Text size="sm" data-testid="organisations-count">
            {t("request.showing", { first, last, total: data.total })}
          </Text>
          {data.total > data.perPage && (
            <Pagination
              size="sm"
              total={Math.ceil(data.total / data.perPage)}
              value={data.page}
              onChange={(next) => onBrowse({ ...browse, page: next })}
              getControlProps={(control) => ({ "aria-label": t(`request.pages.${control}`) })}
              getItemProps={(item) => ({ "aria-label": t("request.pages.page", { page: item }) })}
            />
          )}
        </Group>
      )}
    </Box>
  );
}
