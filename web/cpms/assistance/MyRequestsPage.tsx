/*
 * "My requests for assistance" (/assistance/mine): what the user asked the
 * ERNs, newest first, with its status and the ERN's decision (the panel
 * lead and a link to the panel once assigned; the reason once declined).
 * A request still waiting for the ERN can be withdrawn, after a
 * confirmation.
 */
import { Alert, Anchor, Button, Group, Loader, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api } from "../../ui/api.ts";
import { CpmsFrame } from "../Frame.tsx";
import { formatDateTime } from "../patients/format.ts";
import { type AssistanceRequestView, assistanceKey, useMyRequests } from "./queries.ts";
import { StatusBadge, UrgentBadge } from "./StatusBadge.tsx";

function Decision({ request }: { request: AssistanceRequestView }) {
  const { t } = useTranslation("assistance");
  if (request.status === "assigned")
    return (
      <Stack gap={2}>
        {request.assignedLeadName && <Text size="sm">{t("mine.assigned", { name: request.assignedLeadName })}</Text>}
        {request.panelId && (
          <Anchor component={Link} to={`/panels/${encodeURIComponent(request.panelId)}`} size="sm">
            {t("mine.panel")}
          </Anchor>
        )}
      </Stack>
    );
  if (request.status === "declined") return <Text size="sm">{t("mine.declined", { reason: request.declineReason ?? "" })}</Text>;
  return null;
}

function WithdrawDialog({ request, onClose }: { request: AssistanceRequestView; onClose: () => void }) {
  const { t } = useTranslation("assistance");
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ message: string }>(`/api/assistance-requests/${encodeURIComponent(request.id)}/withdraw`, { method: "POST", body: {} });
      await queryClient.invalidateQueries({ queryKey: assistanceKey });
      notifications.show({ color: "green", message: answer.message });
      onClose();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t("mine.withdrawTitle", { reference: request.reference })} centered>
      <Stack>
        <Text size="sm">{t("mine.withdrawText")}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button color="red" onClick={withdraw} loading={busy}>
            {t("mine.withdrawConfirm")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RequestsTable({ requests }: { requests: AssistanceRequestView[] }) {
  const { t } = useTranslation("assistance");
  const [withdrawing, setWithdrawing] = useState<AssistanceRequestView | null>(null);
  if (requests.length === 0) return <Text c="dimmed">{t("mine.none")}</Text>;
  return (
    <>
      <Table.ScrollContainer minWidth={800}>
        <Table striped aria-label={t("mine.table")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("mine.reference")}</Table.Th>
              <Table.Th>{t("mine.patient")}</Table.Th>
              <Table.Th>{t("mine.area")}</Table.Th>
              <Table.Th>{t("mine.sent")}</Table.Th>
              <Table.Th>{t("mine.status")}</Table.Th>
              <Table.Th>{t("mine.decision")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {requests.map((request) => (
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
                  <Anchor component={Link} to={`/patients/${encodeURIComponent(request.patientId)}`} size="sm">
                    {request.pseudonym}
                  </Anchor>
                </Table.Td>
                <Table.Td>{request.thematicAreaName}</Table.Td>
                <Table.Td>{formatDateTime(request.createdAt)}</Table.Td>
                <Table.Td>
                  <StatusBadge status={request.status} />
                </Table.Td>
                <Table.Td>
                  <Decision request={request} />
                </Table.Td>
                <Table.Td>
                  {request.status === "submitted" && (
                    <Button size="xs" variant="default" onClick={() => setWithdrawing(request)} aria-label={`${t("mine.withdraw")} ${request.reference}`}>
                      {t("mine.withdraw")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {withdrawing && <WithdrawDialog request={withdrawing} onClose={() => setWithdrawing(null)} />}
    </>
  );
}

export function MyRequestsPage() {
  const { t } = useTranslation("assistance");
  const mine = useMyRequests();
  return (
    <CpmsFrame>
      {() => (
        <Stack>
          <Title order={1} size="h2">
            {t("mine.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("mine.intro")}
          </Text>
          {mine.isPending && <Loader aria-label={t("loading")} />}
          {mine.isError && (
            <Alert color="red" role="alert">
              {mine.error.message}
            </Alert>
          )}
          {mine.data && <RequestsTable requests={mine.data.requests} />}
        </Stack>
      )}
    </CpmsFrame>
  );
}
