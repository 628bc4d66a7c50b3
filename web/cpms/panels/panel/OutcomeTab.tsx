/*
 * The panel's outcome: the lead (or a panel manager) writes it from the
 * contributions and asks the members to agree; members asked answer; the
 * lead signs it and closes the panel; the signed outcome downloads as a PDF
 * and stays with the patient. A closed panel is read-only — its lead may
 * reopen it with a reason, which supersedes the signed outcome (kept below).
 */
import { Alert, Button, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PanelView } from "../../../../src/cpms/panels/contract.ts";
import { formatDateTime } from "../../patients/format.ts";
import { outcomePdfHref } from "../queries.ts";
import { OutcomeActions } from "./OutcomeActions.tsx";
import { OutcomeAgreementForm, OutcomeAgreementList } from "./OutcomeAgreements.tsx";
import { OutcomeDocument } from "./OutcomeDocument.tsx";
import { OutcomeEditor } from "./OutcomeEditor.tsx";

export function OutcomeTab({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const { you, outcome, status } = panel;
  const unsigned = outcome === null || outcome.status === "draft";
  const mayWrite = you.canManage && unsigned && you.actions.includes("write_outcome");
  const mayAgree = you.role === "member" && status === "awaiting_outcome" && outcome?.status === "draft" && you.actions.includes("agree");
  const signed = outcome?.status === "signed";
  return (
    <Stack gap="lg">
      {status === "draft" && <Text c="dimmed">{t("tabs.outcome.notYet")}</Text>}
      {status === "closed" && (
        <Alert color="gray" title={t("tabs.outcome.closedTitle")}>
          {t("tabs.outcome.closedText", { when: panel.closedAt ? formatDateTime(panel.closedAt) : "" })}
        </Alert>
      )}
      {status === "awaiting_outcome" && outcome?.agreementRequestedAt && (
        <Text size="sm">{t("tabs.outcome.agreementRequested", { when: formatDateTime(outcome.agreementRequestedAt) })}</Text>
      )}
      {mayWrite && status === "awaiting_outcome" && (
        <Text size="sm" c="dimmed">
          {t("tabs.outcome.editWhileAwaiting")}
        </Text>
      )}
      {mayWrite ? (
        <OutcomeEditor key={outcome ? `${outcome.id}:${outcome.revision}` : "none"} panel={panel} />
      ) : (
        outcome && <OutcomeDocument outcome={outcome} label={t("tabs.outcome.title")} />
      )}
      {outcome === null && !mayWrite && status !== "draft" && <Text c="dimmed">{t("tabs.outcome.none")}</Text>}
      {signed && (
        <Group>
          <Button component="a" href={outcomePdfHref(panel.id)} download variant="light">
            {t("tabs.outcome.download")}
          </Button>
        </Group>
      )}
      {mayAgree && <OutcomeAgreementForm panel={panel} />}
      {outcome && (outcome.agreementRequestedAt || outcome.agreements.length > 0) && <OutcomeAgreementList panel={panel} outcome={outcome} />}
      <OutcomeActions panel={panel} />
      {(panel.previousOutcomes ?? []).length > 0 && (
        <Stack component="section" aria-label={t("tabs.outcome.previous")}>
          <Title order={3} size="h4">
            {t("tabs.outcome.previous")}
          </Title>
          {(panel.previousOutcomes ?? []).map((previous) => (
            <OutcomeDocument
              key={previous.id}
              outcome={previous}
              label={t("tabs.outcome.previousOne", { when: previous.signedAt ? formatDateTime(previous.signedAt) : "" })}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
