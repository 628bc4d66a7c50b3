/* A right's status as the seeds write it: "requested", "granted", "deletion requested"… */
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { RightStatus } from "../../../src/access/contract.ts";

const COLORS: Record<RightStatus, string> = {
  requested: "yellow",
  granted: "green",
  rejected: "red",
  withdrawn: "gray",
  deletion_requested: "orange",
  revoked: "dark",
};

export function StatusBadge({ status }: { status: RightStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" tt="none" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}
