/*
 * "My panels" (/panels?role=&status=&page=): the panels the user leads, is a
 * member of, is invited to or manages, filtered by status (with counts), a
 * page at a time. The server orders them — overdue first, then urgent, then
 * by due date — and the page highlights the overdue ones.
 */
import { Alert, Anchor, Group, Loader, Pagination, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { PanelStatus } from "../../../../src/cpms/panels/contract.ts";
import { PatientsFrame } from "../../patients/PatientsFrame.tsx";
import { DueDate, StatusBadge, UrgentBadge } from "../badges.tsx";
import { type ListFilters, type ListRole, usePanelList } from "../queries.ts";

const ROLES: ListRole[] = ["leading", "member", "invited", "managing", "all"];
const PANEL_STATUSES: PanelStatus[] = ["draft", "open", "awaiting_outcome", "closed"];

function filtersFrom(params: URLSearchParams): ListFilters {
  const role = params.get("role") as ListRole | null;
  const status = params.get("status") as PanelStatus | null;
  const page = Number(params.get("page"));
  return {
    role: role && ROLES.includes(role) ? role : "all",
    status: status && PANEL_STATUSES.includes(status) ? status : null,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

function paramsOf(filters: ListFilters) {
  return {
    ...(filters.role !== "all" ? { role: filters.role } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.page > 1 ? { page: String(filters.page) } : {}),
  };
}

export function PanelListPage() {
  const { t } = useTranslation("panels");
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const list = usePanelList(filters);
  const data = list.data;
  const counts = data?.counts;
  const withCount = (label: string, status: PanelStatus) => (counts ? t("list.withCount", { label, count: counts[status] ?? 0 }) : label);
  return (
    <PatientsFrame>
      <Stack>
        <Title order={1} size="h2">
          {t("list.title")}
        </Title>
        <Text c="dimmed">{t("list.intro")}</Text>
        <SegmentedControl
          aria-label={t("list.view")}
          value={filters.role}
          data={ROLES.map((role) => ({ value: role, label: t(`list.views.${role}`) }))}
          onChange={(role) => setParams(paramsOf({ role: role as ListRole, status: filters.status, page: 1 }))}
        />
        <Group gap="sm">
          <Text size="sm" fw={500} id="panel-status-filter">
            {t("list.statusFilter")}
          </Text>
          <SegmentedControl
            aria-labelledby="panel-status-filter"
            size="sm"
            value={filters.status ?? "any"}
            data={[
              { value: "any", label: t("list.anyStatus") },
              ...PANEL_STATUSES.map((status) => ({ value: status, label: withCount(t(`status.${status}`), status) })),
            ]}
            onChange={(status) => setParams(paramsOf({ role: filters.role, status: status === "any" ? null : (status as PanelStatus), page: 1 }))}
          />
        </Group>
        {list.isError && (
          <Alert color="red" role="alert">
            {list.error.message}
          </Alert>
        )}
        {list.isPending && <Loader aria-label={t("loading")} />}
        {data && data.rows.length === 0 && (
          <Alert color="blue" title={t("list.emptyTitle")}>
            {filters.status ? t("list.emptyFiltered") : t(`list.empty.${filters.role}`)}
          </Alert>
        )}
        {data && data.rows.length > 0 && (
          <>
            <Table aria-label={t("list.table")} highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("list.reference")}</Table.Th>
                  <Table.Th>{t("list.panelTitle")}</Table.Th>
                  <Table.Th>{t("list.patient")}</Table.Th>
                  <Table.Th>{t("list.area")}</Table.Th>
                  <Table.Th>{t("list.lead")}</Table.Th>
                  <Table.Th>{t("list.dueDate")}</Table.Th>
                  <Table.Th>{t("list.members")}</Table.Th>
                  <Table.Th>{t("list.contributions")}</Table.Th>
                  <Table.Th>{t("list.statusColumn")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((row) => (
                  <Table.Tr key={row.id} bg={row.overdue ? "var(--mantine-color-red-0)" : undefined}>
                    <Table.Td>
                      <Anchor component={Link} to={`/panels/${row.id}`} fw={600}>
                        {row.reference}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{row.title}</Table.Td>
                    <Table.Td>{row.pseudonym}</Table.Td>
                    <Table.Td>{row.thematicAreaName || t("common.none")}</Table.Td>
                    <Table.Td>{row.leadName}</Table.Td>
                    <Table.Td>
                      <DueDate panel={row} />
                    </Table.Td>
                    <Table.Td>{row.members}</Table.Td>
                    <Table.Td>{row.contributions}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <StatusBadge status={row.status} />
                        <UrgentBadge panel={row} />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group justify="space-between">
              <Text size="sm">
                {t("list.showing", { first: (data.page - 1) * data.perPage + 1, last: Math.min(data.page * data.perPage, data.total), total: data.total })}
              </Text>
              {data.total > data.perPage && (
                <Pagination
                  size="sm"
                  total={Math.ceil(data.total / data.perPage)}
                  value={data.page}
                  onChange={(page) => setParams(paramsOf({ ...filters, page }))}
                  getControlProps={(control) => ({ "aria-label": t(`list.pages.${control}`) })}
                  getItemProps={(item) => ({ "aria-label": t("list.pages.page", { page: item }) })}
                />
              )}
            </Group>
          </>
        )}
      </Stack>
    </PatientsFrame>
  );
}
