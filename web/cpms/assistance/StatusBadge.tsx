/* A request's status and urgency as the lists and the detail show them: in full, never cut short by a narrow column. */
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { RequestStatus } from "./queries.ts";

const WHOLE = { root: { maxWidth: "none", flexShrink: 0 }, label: { overflow: "visible" } };

const COLOURS: Record<RequestStatus, string> = { submitted: "blue", assigned: "green", declined: "red", withdrawn: "gray" };

export function StatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useTranslation("assistance");
  return (
    <Badge color={COLOURS[status]} variant="light" tt="none" styles={WHOLE}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function UrgentBadge() {
  const { t } = useTranslation("assistance");
  return (
    <Badge color="red" variant="filled" styles={WHOLE}>
      {t("urgency.urgent")}
    </Badge>
  );
}
