/*
 * The patient list of one ERN (/patients?ern=EURACAN): the patients the user
 * may see there — their HCP's, those shared with them or their HCP — by
 * pseudonym, searched and filtered, a page at a time, with "Enrol a patient".
 */
import { Alert, Anchor, Badge, Button, Group, Loader, Pagination, Stack, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { PatientListAnswer, PatientListRow } from "../../../../src/cpms/patients/list-schemas.ts";
import { api } from "../../../ui/api.ts";
import { formatDate } from "../format.ts";
import { enrollingProviders, useMemberships } from "../memberships.ts";
import { PatientsFrame } from "../PatientsFrame.tsx";
import { ListFiltersBar } from "./ListFiltersBar.tsx";
import { filtersFrom, listUrl, paramsOf } from "./list-query.ts";

const providerLabel = (provider: { code: string; name: string }) => `${provider.code} - ${provider.name}`;
const diagnosesOf = (row: PatientListRow) =>
  row.diagnoses
    .map((diagnosis) =>
      [
        diagnosis.orphaCode && `${diagnosis.orphaCode} ${diagnosis.orphaLabel ?? ""}`,
        diagnosis.icd10Code && `${diagnosis.icd10Code} ${diagnosis.icd10Label ?? ""}`,
      ]
        .filter(Boolean)
        .join(" / ")
        .trim(),
    )
    .join("; ");

export function PatientListPage() {
  const { t } = useTranslation("patients");
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const memberships = useMemberships();
  const mayEnrol = enrollingProviders(memberships.data ?? [], filters.ern).length > 0;
  const list = useQuery({
    queryKey: ["patients", "list", listUrl(filters)],
    queryFn: () => api<PatientListAnswer>(listUrl(filters)),
    enabled: !!filters.ern,
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  const ernName = memberships.data?.find((membership) => membership.ernCode === filters.ern)?.ernName;

  return (
    <PatientsFrame>
      <Stack>
        <Group justify="space-between">
          <Title order={1} size="h2">
            {t("list.title", { ern: ernName ? `${filters.ern} - ${ernName}` : filters.ern })}
          </Title>
          {mayEnrol && (
            <Button component={Link} to={`/patients/enrol?ern=${encodeURIComponent(filters.ern)}`}>
              {t("list.enrol")}
            </Button>
          )}
        </Group>
        {!filters.ern && <Alert color="orange">{t("list.noErn")}</Alert>}
        {filters.ern && (
          <ListFiltersBar
            filters={filters}
            providers={(data?.providers ?? []).map((provider) => ({ id: provider.id, label: providerLabel(provider) }))}
            onChange={(next) => setParams(paramsOf(next))}
          />
        )}
        {list.isError && (
          <Alert color="red" role="alert">
            {list.error.message}
          </Alert>
        )}
        {list.isPending && filters.ern && <Loader aria-label={t("loading")} />}
        {data && data.rows.length === 0 && (
          <Alert color="blue" title={t("list.emptyTitle")}>
            {t("list.empty")}
          </Alert>
        )}
        {data && data.rows.length > 0 && (
          <>
            <Table aria-label={t("list.table")} striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("list.pseudonym")}</Table.Th>
                  <Table.Th>{t("list.hcp")}</Table.Th>
                  <Table.Th>{t("list.sexBirth")}</Table.Th>
                  <Table.Th>{t("list.diagnoses")}</Table.Th>
                  <Table.Th>{t("list.phenotypes")}</Table.Th>
                  <Table.Th>{t("list.enrolledOn")}</Table.Th>
                  <Table.Th>{t("list.access")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/patients/${row.id}`} fw={600}>
                        {row.pseudonym}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{providerLabel(row.provider)}</Table.Td>
                    <Table.Td>{[row.sex && t(`record.sexes.${row.sex}`, { defaultValue: row.sex }), row.birthYear].filter(Boolean).join(", ") || "—"}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{diagnosesOf(row) || "—"}</Text>
                    </Table.Td>
                    <Table.Td>{row.phenotypeCount}</Table.Td>
                    <Table.Td>{formatDate(row.enrolledAt.slice(0, 10))}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge variant="light" color={row.sharedWithMe ? "grape" : "blue"}>
                          {t(`list.reasons.${row.reason}`, { defaultValue: row.reason })}
                        </Badge>
                        {row.withdrawn && <Badge color="gray">{t("patient.withdrawn")}</Badge>}
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
