/*
 * One request for assistance, for the ERN's Coordinators and Dispatchers: the
 * question, the patient's pseudonym, the thematic area, urgency, the date an
 * answer is wished by, what the panel may see, and the requester (guest or
 * member of the ERN, their provider). While it waits for the ERN: assign a
 * panel lead, or decline with a reason.
 */
import { Alert, Divider, Drawer, Group, Loader, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime } from "../patients/format.ts";
import { AssignLead, type Assigned, PanelStarted } from "./AssignLead.tsx";
import { DeclineRequest } from "./DeclineRequest.tsx";
import { type AssistanceRequestView, useRequest } from "./queries.ts";
import { StatusBadge, UrgentBadge } from "./StatusBadge.tsx";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      {typeof children === "string" ? <Text size="sm">{children}</Text> : children}
    </div>
  );
}

function Details({ request }: { request: AssistanceRequestView }) {
  const { t } = useTranslation("assistance");
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <StatusBadge status={request.status} />
        {request.urgency === "urgent" && <UrgentBadge />}
      </Group>
      <Field label={t("detail.question")}>
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {request.question}
        </Text>
      </Field>
      <Field label={t("detail.patient")}>{`${request.pseudonym} · ${request.ernCode}`}</Field>
      <Field label={t("detail.area")}>{request.thematicAreaName}</Field>
      <Field label={t("detail.urgency")}>{t(`urgency.${request.urgency}`)}</Field>
      <Field label={t("detail.dueDate")}>{formatDate(request.dueDate)}</Field>
      <Field label={t("detail.shared")}>{request.sharedSections.map((section) => t(`sections.${section}`)).join(", ")}</Field>
      <Field label={t("detail.requester")}>
        <Text size="sm">{request.requesterName}</Text>
        <Text size="sm">{request.requesterProviderLabel}</Text>
        <Text size="sm" c="dimmed">
          {request.requesterIsGuest ? t("detail.guestRequester") : t("detail.memberRequester")}
        </Text>
      </Field>
      <Field label={t("detail.received")}>{formatDateTime(request.createdAt)}</Field>
      {request.decidedAt && (
        <Field label={t("detail.status")}>
          <Text size="sm">{t("detail.decidedBy", { name: request.decidedByName ?? "", when: formatDateTime(request.decidedAt) })}</Text>
          {request.assignedLeadName && <Text size="sm">{t("detail.lead", { name: request.assignedLeadName })}</Text>}
          {request.declineReason && <Text size="sm">{t("detail.reason", { reason: request.declineReason })}</Text>}
        </Field>
      )}
    </Stack>
  );
}

export function RequestDrawer({
  requestId,
  assigned,
  onAssigned,
  onClose,
}: {
  requestId: string | null;
  assigned: Assigned | null;
  onAssigned: (assigned: Assigned) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation("assistance");
  const found = useRequest(requestId);
  const request = found.data?.request;
  return (
    <Drawer
      opened={!!requestId}
      onClose={onClose}
      position="right"
      size="lg"
      title={request ? t("detail.title", { reference: request.reference }) : t("loading")}
    >
      {found.isPending && <Loader aria-label={t("loading")} />}
      {found.isError && (
        <Alert color="red" role="alert">
          {found.error.message}
        </Alert>
      )}
      {request && (
        <Stack>
          {assigned && <PanelStarted assigned={assigned} />}
          <Details request={request} />
          {request.status === "submitted" && !assigned && (
            <>
              <Divider />
              <AssignLead request={request} onAssigned={onAssigned} />
              <Divider />
              <DeclineRequest request={request} />
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
