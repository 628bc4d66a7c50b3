/*
 * The queue's rows: a checkbox for bulk decisions, the requester, what they
 * ask for, their comment, the age against the target (overdue rows stand
 * out), and Approve / Reject / History.
 */
import { Badge, Button, Checkbox, Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ApprovalRow } from "../../../src/access/contract.ts";
import { StatusBadge } from "../rights/StatusBadge.tsx";
import { formatAge } from "./query.ts";

type Props = {
  rows: ApprovalRow[];
  targetHours: number;
  selected: Set<string>;
  onSelect: (ids: string[], checked: boolean) => void;
  onDecide: (decision: "approve" | "reject", rows: ApprovalRow[]) => void;
  onHistory: (row: ApprovalRow) => void;
};

const isPending = (row: ApprovalRow) => row.status === "requested" || row.status === "deletion_requested";

export function QueueTable({ rows, targetHours, selected, onSelect, onDecide, onHistory }: Props) {
  const { t } = useTranslation();
  const pending = rows.filter(isPending);
  const allChecked = pending.length > 0 && pending.every((row) => selected.has(row.id));
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table highlightOnHover withTableBorder aria-label={t("approvals.queue")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label={t("approvals.selectAll")}
                checked={allChecked}
                indeterminate={!allChecked && pending.some((row) => selected.has(row.id))}
                disabled={pending.length === 0}
                onChange={(event) =>
                  onSelect(
                    pending.map((row) => row.id),
                    event.currentTarget.checked,
                  )
                }
              />
            </Table.Th>
            <Table.Th>{t("approvals.requester")}</Table.Th>
            <Table.Th>{t("approvals.request")}</Table.Th>
            <Table.Th>{t("approvals.comment")}</Table.Th>
            <Table.Th>{t("approvals.age")}</Table.Th>
            <Table.Th>{t("approvals.status")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("approvals.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const what = t("approvals.summary", {
              name: row.requester.name,
              profile: row.profile.name,
              application: row.application.name,
              organisation: row.organisation.label,
            });
            return (
              <Table.Tr key={row.id} bg={row.overdue && isPending(row) ? "var(--mantine-color-red-light)" : undefined} data-overdue={row.overdue || undefined}>
                <Table.Td>
                  {isPending(row) && (
                    <Checkbox
                      aria-label={t("approvals.select", { what })}
                      checked={selected.has(row.id)}
                      onChange={(event) => onSelect([row.id], event.currentTarget.checked)}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {row.requester.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {row.requester.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {row.application.name} — <strong>{row.profile.name}</strong>
                  </Text>
                  <Text size="sm">{row.organisation.label}</Text>
                  <Text size="xs" c="dimmed">
                    {row.organisation.ernCode} - {row.organisation.ernName} / {row.organisation.countryName}
                  </Text>
                </Table.Td>
                <Table.Td maw={260}>
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {row.comment || "—"}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="sm">{formatAge(row.ageHours, t)}</Text>
                    {row.overdue && isPending(row) && (
                      <Badge color="red" variant="filled" size="sm" tt="none">
                        {t("approvals.overdue", { hours: targetHours })}
                      </Badge>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={row.status} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {isPending(row) && (
                      <>
                        <Button size="xs" color="green" aria-label={t("approvals.approveLabel", { what })} onClick={() => onDecide("approve", [row])}>
                          {t("approvals.approve")}
                        </Button>
                        <Button
                          size="xs"
                          color="red"
                          variant="light"
                          aria-label={t("approvals.rejectLabel", { what })}
                          onClick={() => onDecide("reject", [row])}
                        >
                          {t("approvals.reject")}
                        </Button>
                      </>
                    )}
                    <Button size="xs" variant="default" aria-label={t("approvals.historyLabel", { what })} onClick={() => onHistory(row)}>
                      {t("rights.history")}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
