/* "Who accessed this record": for the enroller, every read and change of the patient's data — who, what, when, why they could. */
import { Alert, Loader, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AccessLog } from "../../../../src/cpms/patients/access-log.ts";
import { api } from "../../../ui/api.ts";
import { formatDateTime } from "../format.ts";
import { patientKey } from "../queries.ts";

export function AccessLogTab({ patientId }: { patientId: string }) {
  const { t } = useTranslation("patients");
  const log = useQuery({
    queryKey: [...patientKey(patientId), "access-log"],
    queryFn: () => api<AccessLog>(`/api/patients/${patientId}/access-log`),
  });
  if (log.isPending) return <Loader aria-label={t("loading")} />;
  if (log.isError)
    return (
      <Alert color="red" role="alert">
        {log.error.message}
      </Alert>
    );
  if (log.data.entries.length === 0) return <Text c="dimmed">{t("accessLog.none")}</Text>;
  return (
    <>
      {log.data.total > log.data.entries.length && (
        <Text size="sm" c="dimmed" mb="xs">
          {t("accessLog.newest", { shown: log.data.entries.length, total: log.data.total })}
        </Text>
      )}
      <Table aria-label={t("accessLog.table")} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("accessLog.when")}</Table.Th>
            <Table.Th>{t("accessLog.who")}</Table.Th>
            <Table.Th>{t("accessLog.what")}</Table.Th>
            <Table.Th>{t("accessLog.why")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {log.data.entries.map((entry) => (
            <Table.Tr key={`${entry.at}-${entry.actorName}-${entry.type}`}>
              <Table.Td>{formatDateTime(entry.at)}</Table.Td>
              <Table.Td>{entry.actorName}</Table.Td>
              <Table.Td>{entry.action}</Table.Td>
              <Table.Td>{entry.reason ? t(`accessLog.reasons.${entry.reason}`, { defaultValue: entry.reason }) : "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
