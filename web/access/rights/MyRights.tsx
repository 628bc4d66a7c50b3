/*
 * The user's requests and rights: application, organisation, profile,
 * status, dates and the decision's reason; "Withdraw" a pending request,
 * "Request removal" of a granted right (both confirmed first), "History".
 */
import { Alert, Button, Group, Skeleton, Table, Text, Textarea, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { RightView } from "../../../src/access/contract.ts";
import { api } from "../../ui/api.ts";
import { ConfirmDialog } from "../../ui/ConfirmDialog.tsx";
import { formatDate } from "./format.ts";
import { HistoryDialog } from "./HistoryDialog.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

type Dialog = { kind: "withdraw" | "removal" | "history"; right: RightView };

export const RIGHTS_KEY = ["rights"];

function RightRow({ right, open }: { right: RightView; open: (dialog: Dialog) => void }) {
  const { t } = useTranslation();
  const what = `${right.profile.name} — ${right.organisation.label}`;
  return (
    <Table.Tr data-right={right.id}>
      <Table.Td>{right.application.name}</Table.Td>
      <Table.Td>
        <Text size="sm">{right.organisation.label}</Text>
        <Text size="xs" c="dimmed">
          {right.organisation.ernCode} - {right.organisation.ernName} / {right.organisation.countryName}
        </Text>
      </Table.Td>
      <Table.Td>{right.profile.name}</Table.Td>
      <Table.Td>
        <StatusBadge status={right.status} />
      </Table.Td>
      <Table.Td>{formatDate(right.requestedAt)}</Table.Td>
      <Table.Td>{formatDate(right.decidedAt)}</Table.Td>
      <Table.Td>
        {right.decisionReason && <Text size="sm">{right.decisionReason}</Text>}
        {right.decidedByName && (
          <Text size="xs" c="dimmed">
            {t("rights.by", { name: right.decidedByName })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          {right.status === "requested" && (
            <Button size="xs" variant="light" color="orange" aria-label={t("rights.withdrawLabel", { what })} onClick={() => open({ kind: "withdraw", right })}>
              {t("rights.withdraw")}
            </Button>
          )}
          {right.status === "granted" && (
            <Button size="xs" variant="light" color="red" aria-label={t("rights.removalLabel", { what })} onClick={() => open({ kind: "removal", right })}>
              {t("rights.removal")}
            </Button>
          )}
          <Button size="xs" variant="default" aria-label={t("rights.historyLabel", { what })} onClick={() => open({ kind: "history", right })}>
            {t("rights.history")}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function ChangeDialog({ dialog, onClose }: { dialog: Dialog & { kind: "withdraw" | "removal" }; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const { right } = dialog;
  const what = { profile: right.profile.name, organisation: right.organisation.label, application: right.application.name };
  const confirm = async () => {
    const answer =
      dialog.kind === "withdraw"
        ? await api<{ message: string }>(`/api/rights/${encodeURIComponent(right.id)}/withdraw`, { method: "POST" })
        : await api<{ message: string }>(`/api/rights/${encodeURIComponent(right.id)}/deletion`, { body: reason.trim() ? { reason: reason.trim() } : {} });
    notifications.show({ color: "green", message: answer.message });
    onClose();
    await queryClient.invalidateQueries({ queryKey: RIGHTS_KEY });
  };
  return dialog.kind === "withdraw" ? (
    <ConfirmDialog
      cancel={t("common.cancel")}
      genericError={t("errors.generic")}
      title={t("rights.withdrawTitle")}
      question={t("rights.withdrawQuestion", what)}
      confirm={t("rights.withdraw")}
      color="orange"
      onConfirm={confirm}
      onClose={onClose}
    />
  ) : (
    <ConfirmDialog
      cancel={t("common.cancel")}
      genericError={t("errors.generic")}
      title={t("rights.removalTitle")}
      question={t("rights.removalQuestion", what)}
      confirm={t("rights.removal")}
      color="red"
      onConfirm={confirm}
      onClose={onClose}
    >
      {(error) => (
        <Textarea
          label={t("rights.removalReason")}
          value={reason}
          maxLength={1000}
          autosize
          minRows={2}
          error={error?.fieldErrors.reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
      )}
    </ConfirmDialog>
  );
}

export function MyRights() {
  const { t } = useTranslation();
  const rights = useQuery({ queryKey: RIGHTS_KEY, queryFn: () => api<{ rights: RightView[] }>("/api/rights") });
  const [dialog, setDialog] = useState<Dialog | null>(null);

  if (rights.isPending) return <Skeleton height={120} aria-label={t("loading")} />;
  if (rights.isError)
    return (
      <Alert color="red" role="alert">
        {rights.error.message}
      </Alert>
    );
  if (rights.data.rights.length === 0)
    return (
      <Alert color="blue" title={t("rights.noneTitle")}>
        {t("rights.none")}
      </Alert>
    );
  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover aria-label={t("home.myRights")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("rights.application")}</Table.Th>
              <Table.Th>{t("rights.organisation")}</Table.Th>
              <Table.Th>{t("rights.profile")}</Table.Th>
              <Table.Th>{t("rights.status")}</Table.Th>
              <Table.Th>{t("rights.requested")}</Table.Th>
              <Table.Th>{t("rights.decided")}</Table.Th>
              <Table.Th>{t("rights.reason")}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t("rights.actions")}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rights.data.rights.map((right) => (
              <RightRow key={right.id} right={right} open={setDialog} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {dialog?.kind === "history" && <HistoryDialog right={dialog.right} onClose={() => setDialog(null)} />}
      {dialog && dialog.kind !== "history" && <ChangeDialog dialog={{ ...dialog, kind: dialog.kind }} onClose={() => setDialog(null)} />}
    </>
  );
}
