/* An outcome as it reads: summary, recommendation, suggested investigations, follow-up; who wrote it, its revision, and who signed it when. */
import { Badge, Card, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { OutcomeView } from "../../../../src/cpms/panels/contract.ts";
import { formatDateTime } from "../../patients/format.ts";

export const OUTCOME_PARTS = ["summary", "recommendation", "investigations", "followUp"] as const;

export function OutcomeDocument({ outcome, label }: { outcome: OutcomeView; label: string }) {
  const { t } = useTranslation("panels");
  return (
    <Card withBorder component="article" aria-label={label}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600}>{label}</Text>
          <Badge color={outcome.status === "signed" ? "green" : outcome.status === "superseded" ? "gray" : "blue"}>
            {t(`tabs.outcome.status.${outcome.status}`)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t("tabs.outcome.revisionBy", { revision: outcome.revision, name: outcome.authorName, when: formatDateTime(outcome.updatedAt) })}
        </Text>
      </Group>
      <Stack gap="xs">
        {OUTCOME_PARTS.map((part) => (
          <div key={part}>
            <Text size="sm" fw={600}>
              {t(`tabs.outcome.${part}`)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {outcome[part] || t("tabs.outcome.empty")}
            </Text>
          </div>
        ))}
        {outcome.signedAt && (
          <Text size="sm" c="green.8">
            {t("tabs.outcome.signedBy", { name: outcome.signedByName ?? "", when: formatDateTime(outcome.signedAt) })}
          </Text>
        )}
        {outcome.signedSha256 && (
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {t("tabs.outcome.fingerprint", { sha256: outcome.signedSha256 })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
