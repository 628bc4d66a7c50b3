/*
 * Writing the outcome (the lead or a panel manager, while the panel is open
 * or awaiting its outcome and the outcome is unsigned): the first time, a
 * draft built from the submitted contributions (GET …/outcome/draft) fills
 * the form; each save makes a new revision, so agreements given to an
 * earlier text show as such.
 */
import { Alert, Button, Group, Loader, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OutcomeInput, PanelView } from "../../../../src/cpms/panels/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { formatDateTime } from "../../patients/format.ts";
import { panelPath, Refusal, usePanelAction } from "./ContributionTabs.tsx";
import { OUTCOME_PARTS } from "./OutcomeDocument.tsx";

const pick = (outcome: OutcomeInput): OutcomeInput => ({
  summary: outcome.summary,
  recommendation: outcome.recommendation,
  investigations: outcome.investigations,
  followUp: outcome.followUp,
});

export function OutcomeEditor({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const action = usePanelAction(panel);
  const [fields, setFields] = useState<OutcomeInput | null>(panel.outcome ? pick(panel.outcome) : null);
  const [fromContributions, setFromContributions] = useState(false);
  const [loading, setLoading] = useState(false);
  const [draftError, setDraftError] = useState<string | null>(null);
  const startFromContributions = async () => {
    setLoading(true);
    setDraftError(null);
    try {
      const { outcome } = await api<{ outcome: OutcomeInput }>(panelPath(panel, "/outcome/draft"));
      setFields(pick(outcome));
      setFromContributions(true);
    } catch (caught) {
      setDraftError(caught instanceof ApiError ? caught.message : t("tabs.errors.generic"));
    } finally {
      setLoading(false);
    }
  };
  if (!fields) {
    return (
      <Stack component="section" aria-label={t("tabs.outcome.write")}>
        <Text size="sm">{t("tabs.outcome.writeHelp")}</Text>
        {draftError && (
          <Alert color="red" role="alert">
            {draftError}
          </Alert>
        )}
        <Group>
          <Button onClick={startFromContributions} loading={loading}>
            {t("tabs.outcome.write")}
          </Button>
        </Group>
      </Stack>
    );
  }
  const save = () => action.run("/outcome", { method: "PUT", body: fields });
  return (
    <Stack component="section" aria-label={t("tabs.outcome.editorTitle")}>
      <Title order={3} size="h4">
        {t("tabs.outcome.editorTitle")}
      </Title>
      {panel.outcome && (
        <Text size="sm" c="dimmed">
          {t("tabs.outcome.revisionBy", { revision: panel.outcome.revision, name: panel.outcome.authorName, when: formatDateTime(panel.outcome.updatedAt) })}
        </Text>
      )}
      {fromContributions && (
        <Text size="sm" c="dimmed">
          {t("tabs.outcome.builtFromContributions")}
        </Text>
      )}
      {loading && <Loader size="sm" />}
      {OUTCOME_PARTS.map((part) => (
        <Textarea
          key={part}
          label={t(`tabs.outcome.${part}`)}
          autosize
          minRows={part === "followUp" ? 2 : 4}
          maxLength={20000}
          value={fields[part]}
          error={action.error?.fieldErrors[part]}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setFields((current) => (current ? { ...current, [part]: value } : current));
            action.setError((current) => current?.without(part) ?? null);
          }}
        />
      ))}
      <Refusal error={action.error} shownOn={[...OUTCOME_PARTS]} />
      <Group>
        <Button onClick={save} loading={action.busy}>
          {t("tabs.outcome.save")}
        </Button>
        {panel.outcome && (
          <Button variant="subtle" onClick={startFromContributions} disabled={action.busy || loading}>
            {t("tabs.outcome.rebuild")}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
