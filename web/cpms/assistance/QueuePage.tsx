/*
 * "Requests for assistance" of one ERN (/assistance/queue?ern=EURACAN), for
 * its Coordinators and Dispatchers (others are told who handles it; the
 * server refuses them anyway): a status filter with counts, the requests
 * oldest first, urgent ones marked, their age; one opens in a drawer
 * (?request=…) to assign a panel lead or decline.
 */
import { Alert, Badge, Button, Group, Loader, Pagination, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { Me } from "../../../src/cpms/dashboard/contract.ts";
import { CpmsFrame } from "../Frame.tsx";
import type { Assigned } from "./AssignLead.tsx";
import { type AssistanceRequestView, type RequestStatus, useQueue } from "./queries.ts";
import { RequestDrawer } from "./RequestDrawer.tsx";
import { StatusBadge, UrgentBadge } from "./StatusBadge.tsx";

const FILTERS: RequestStatus[] = ["submitted", "assigned", "declined", "withdrawn"];

/** Coordinators and Dispatchers of the ERN handle its requests. */
export const handlesRequests = (me: Me, ernCode: string) =>
  me.memberships.some((membership) => membership.ernCode === ernCode && (membership.profile === "Coordinator" || membership.profile === "Dispatcher"));

function Age({ hours }: { hours: number }) {
  const { t } = useTranslation("assistance");
  if (hours < 1) return <>{t("queue.justNow")}</>;
  const age = hours < 48 ? t("queue.hours", { count: Math.floor(hours) }) : t("queue.days", { count: Math.floor(hours / 24) });
  return <>{t("queue.age", { age })}</>;
}

function QueueTable({ rows, onOpen }: { rows: AssistanceRequestView[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation("assistance");
  if (rows.length === 0) return <Text c="dimmed">{t("queue.none")}</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover aria-label={t("queue.table")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("queue.reference")}</Table.Th>
            <Table.Th>{t("queue.received")}</Table.Th>
            <Table.Th>{t("queue.patient")}</Table.Th>
            <Table.Th>{t("queue.area")}</Table.Th>
            <Table.Th>{t("queue.requester")}</Table.Th>
            <Table.Th>{t("queue.status")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((request) => (
            <Table.Tr key={request.id}>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <Text size="sm" ff="monospace" style={{ whiteSpace: "nowrap" }}>
                    {request.reference}
                  </Text>
                  {request.urgency === "urgent" && <UrgentBadge />}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Age hours={request.ageHours} />
              </Table.Td>
              <Table.Td>{request.pseudonym}</Table.Td>
              <Table.Td>{request.thematicAreaName}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm">{request.requesterName}</Text>
                  {request.requesterIsGuest && (
                    <Badge size="sm" variant="outline">
                      {t("queue.guest")}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {request.requesterProviderLabel}
                </Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={request.status} />
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="light" onClick={() => onOpen(request.id)} aria-label={t("queue.openRequest", { reference: request.reference })}>
                  {t("queue.open")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Queue({ ernCode }: { ernCode: string }) {
  const { t } = useTranslation("assistance");
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "submitted") as RequestStatus | "all";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const requestId = params.get("request");
  const [assigned, setAssigned] = useState<Record<string, Assigned>>({});
  const queue = useQueue(ernCode, status === "all" ? "" : status, page);
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  const counts = queue.data?.counts ?? {};
  const total = FILTERS.reduce((sum, filter) => sum + (counts[filter] ?? 0), 0);
  const label = (name: string, count: number | undefined) => (queue.data ? t("queue.withCount", { label: name, count: count ?? 0 }) : name);
  return (
    <Stack>
      <SegmentedControl
        aria-label={t("queue.filter")}
        value={status}
        data={[
          ...FILTERS.map((filter) => ({ value: filter, label: label(t(`status.${filter}`), counts[filter]) })),
          { value: "all", label: label(t("queue.all"), total) },
        ]}
        onChange={(next) => update({ status: next, page: null })}
        w="fit-content"
      />
      {queue.isPending && <Loader aria-label={t("loading")} />}
      {queue.isError && (
        <Alert color="red" role="alert">
          {queue.error.message}
        </Alert>
      )}
      {queue.data && (
        <>
          <QueueTable rows={queue.data.rows} onOpen={(id) => update({ request: id })} />
          {queue.data.total > queue.data.perPage && (
            <Pagination total={Math.ceil(queue.data.total / queue.data.perPage)} value={page} onChange={(next) => update({ page: String(next) })} />
          )}
        </>
      )}
      <RequestDrawer
        requestId={requestId}
        assigned={requestId ? (assigned[requestId] ?? null) : null}
        onAssigned={(done) => requestId && setAssigned((current) => ({ ...current, [requestId]: done }))}
        onClose={() => update({ request: null })}
      />
    </Stack>
  );
}

export function QueuePage() {
  const { t } = useTranslation("assistance");
  const [params] = useSearchParams();
  const ernCode = params.get("ern") ?? "";
  return (
    <CpmsFrame>
      {(me) => (
        <Stack>
          <Title order={1} size="h2">
            {t("queue.title", { ern: ernCode })}
          </Title>
          {!ernCode ? (
            <Alert color="gray">{t("queue.noErn")}</Alert>
          ) : !handlesRequests(me, ernCode) ? (
            <Alert color="gray">{t("queue.notHandler", { ern: ernCode })}</Alert>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t("queue.intro")}
              </Text>
              <Queue ernCode={ernCode} />
            </>
          )}
        </Stack>
      )}
    </CpmsFrame>
  );
}
