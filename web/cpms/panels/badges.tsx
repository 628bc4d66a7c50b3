/* How a panel's status, urgency and due date look wherever panels are listed or shown: an overdue due date is red with "Overdue". */
import { Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PanelStatus, PanelSummary } from "../../../src/cpms/panels/contract.ts";
import { formatDate } from "../patients/format.ts";

const STATUS_COLORS: Record<PanelStatus, string> = { draft: "gray", open: "blue", awaiting_outcome: "orange", closed: "green" };

export function StatusBadge({ status }: { status: PanelStatus }) {
  const { t } = useTranslation("panels");
  return (
    <Badge variant="light" color={STATUS_COLORS[status]} miw="max-content">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function UrgentBadge({ panel }: { panel: Pick<PanelSummary, "urgency"> }) {
  const { t } = useTranslation("panels");
  if (panel.urgency !== "urgent") return null;
  return (
    <Badge color="red" miw="max-content">
      {t("urgency.urgent")}
    </Badge>
  );
}

export function DueDate({ panel, prefix = false }: { panel: Pick<PanelSummary, "dueDate" | "overdue">; prefix?: boolean }) {
  const { t } = useTranslation("panels");
  const date = formatDate(panel.dueDate);
  return (
    <Group gap={6} wrap="nowrap" miw="max-content">
      <Text size="sm" c={panel.overdue ? "red" : undefined} fw={panel.overdue ? 600 : undefined}>
        {prefix ? t("due", { date }) : date}
      </Text>
      {panel.overdue && (
        <Badge color="red" variant="outline" size="sm" miw="max-content">
          {t("overdue")}
        </Badge>
      )}
    </Group>
  );
}
