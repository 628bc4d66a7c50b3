/* A request's status and urgency as the lists and the detail show them. */
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { RequestStatus } from "./queries.ts";

const COLOURS: Record<RequestStatus, string> = { submitted: "blue", assigned: "green", declined: "red", withdrawn: "gray" };

export function StatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useTranslation("assistance");
  return <Badge color={COLOURS[status]}>{t(`status.${status}`)}</Badge>;
}

export function UrgentBadge() {
  const { t } = useTranslation("assistance");
  return (
    <Badge color="red" variant="filled">
      {t("urgency.urgent")}
    </Badge>
  );
}
