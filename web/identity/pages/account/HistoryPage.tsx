/* "My sign-in history": when, from where and how the account was used. */
import { Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../../ui/api.ts";
import { AccountFrame } from "./AccountFrame.tsx";

type Event = { at: string; type: string; ip: string | null; userAgent: string | null; details: Record<string, unknown> };

export function HistoryPage() {
  const { t } = useTranslation();
  const history = useQuery({ queryKey: ["history"], queryFn: () => api<{ events: Event[] }>("/api/account/history") });
  const labels = t("account.events", { returnObjects: true }) as Record<string, string>;
  return (
    <AccountFrame title={t("account.history")}>
      {history.data?.events.length === 0 && <Text>{t("account.noHistory")}</Text>}
      {!!history.data?.events.length && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("account.when")}</Table.Th>
              <Table.Th>{t("account.what")}</Table.Th>
              <Table.Th>{t("account.from")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.events.map((event) => (
              <Table.Tr key={`${event.at}-${event.type}`}>
                <Table.Td>{new Date(event.at).toLocaleString()}</Table.Td>
                <Table.Td>{labels[event.type] ?? event.type}</Table.Td>
                <Table.Td>
                  <Text size="xs">{event.ip}</Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {event.userAgent}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </AccountFrame>
  );
}
