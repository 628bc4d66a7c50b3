/* "History" of a right: who moved it from which status to which, when and why. */
import { Alert, Loader, Modal, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { RightEventView, RightView } from "../../../src/access/contract.ts";
import { api } from "../../ui/api.ts";
import { formatDate } from "./format.ts";
import { StatusBadge } from "./StatusBadge.tsx";

export function HistoryDialog({ right, onClose }: { right: RightView; onClose: () => void }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ["rights", right.id, "history"],
    queryFn: () => api<{ right: RightView; events: RightEventView[] }>(`/api/rights/${encodeURIComponent(right.id)}/history`),
  });
  return (
    <Modal opened onClose={onClose} size="xl" title={t("history.title", { profile: right.profile.name, organisation: right.organisation.label })}>
      {history.isPending && <Loader size="sm" aria-label={t("loading")} />}
      {history.isError && (
        <Alert color="red" role="alert">
          {history.error.message}
        </Alert>
      )}
      {history.data?.events.length === 0 && <Text>{t("history.none")}</Text>}
      {!!history.data?.events.length && (
        <Table striped aria-label={t("history.table")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("history.when")}</Table.Th>
              <Table.Th>{t("history.who")}</Table.Th>
              <Table.Th>{t("history.what")}</Table.Th>
              <Table.Th>{t("history.status")}</Table.Th>
              <Table.Th>{t("history.reason")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.events.map((event) => (
              <Table.Tr key={`${event.at}-${event.toStatus}-${event.action}`}>
                <Table.Td>{formatDate(event.at)}</Table.Td>
                <Table.Td>{event.actorName}</Table.Td>
                <Table.Td>{event.action}</Table.Td>
                <Table.Td>
                  <StatusBadge status={event.toStatus} />
                </Table.Td>
                <Table.Td>{event.reason ?? ""}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}
