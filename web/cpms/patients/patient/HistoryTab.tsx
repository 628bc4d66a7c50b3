/* The record's history: every version, who saved it, when, which sections changed; any version can be opened whole. */
import { Alert, Button, Loader, Modal, Table } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format.ts";
import { useHistory, useVersion } from "../queries.ts";
import { RecordView } from "../record/RecordView.tsx";

function VersionDialog({ patientId, version, onClose }: { patientId: string; version: number; onClose: () => void }) {
  const { t } = useTranslation("patients");
  const view = useVersion(patientId, version);
  return (
    <Modal opened onClose={onClose} size="xl" title={t("history.versionTitle", { version })}>
      {view.isPending && <Loader aria-label={t("loading")} />}
      {view.isError && (
        <Alert color="red" role="alert">
          {view.error.message}
        </Alert>
      )}
      {view.data && <RecordView record={view.data.record} />}
    </Modal>
  );
}

export function HistoryTab({ patientId }: { patientId: string }) {
  const { t } = useTranslation("patients");
  const history = useHistory(patientId);
  const [open, setOpen] = useState<number | null>(null);
  if (history.isPending) return <Loader aria-label={t("loading")} />;
  if (history.isError)
    return (
      <Alert color="red" role="alert">
        {history.error.message}
      </Alert>
    );
  return (
    <>
      <Table aria-label={t("history.table")} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("history.version")}</Table.Th>
            <Table.Th>{t("history.when")}</Table.Th>
            <Table.Th>{t("history.who")}</Table.Th>
            <Table.Th>{t("history.what")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.data.versions.map((version) => (
            <Table.Tr key={version.version}>
              <Table.Td>{version.version}</Table.Td>
              <Table.Td>{formatDateTime(version.at)}</Table.Td>
              <Table.Td>{version.authorName}</Table.Td>
              <Table.Td>{version.changes.join(", ")}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" onClick={() => setOpen(version.version)} aria-label={t("history.open", { version: version.version })}>
                  {t("history.view")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open !== null && <VersionDialog patientId={patientId} version={open} onClose={() => setOpen(null)} />}
    </>
  );
}
