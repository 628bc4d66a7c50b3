/*
 * Agreement with the outcome: the members' answers (agrees or not, their
 * comment, and whether it was given to an earlier revision — stale once the
 * outcome changed), who has not answered; and, for a member asked to agree,
 * "I agree" / "I do not agree" with an optional comment, and their answer
 * so far (they may change it until the lead signs).
 */
import { Badge, Button, Group, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OutcomeView, PanelView } from "../../../../src/cpms/panels/contract.ts";
import { formatDateTime } from "../../patients/format.ts";
import { activeMembers, Refusal, usePanelAction } from "./ContributionTabs.tsx";

export function OutcomeAgreementList({ panel, outcome }: { panel: PanelView; outcome: OutcomeView }) {
  const { t } = useTranslation("panels");
  const answered = new Set(outcome.agreements.map((agreement) => agreement.sub));
  const waiting = activeMembers(panel).filter((member) => member.role !== "lead" && !answered.has(member.sub));
  return (
    <Stack component="section" aria-label={t("tabs.outcome.agreements")} gap="xs">
      <Title order={3} size="h4">
        {t("tabs.outcome.agreements")}
      </Title>
      {outcome.agreements.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("tabs.outcome.noAgreements")}
        </Text>
      ) : (
        <Table aria-label={t("tabs.outcome.agreements")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("tabs.outcome.member")}</Table.Th>
              <Table.Th>{t("tabs.outcome.answer")}</Table.Th>
              <Table.Th>{t("tabs.outcome.comment")}</Table.Th>
              <Table.Th>{t("tabs.outcome.when")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outcome.agreements.map((agreement) => (
              <Table.Tr key={agreement.sub}>
                <Table.Td>{agreement.name}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge color={agreement.agrees ? "green" : "red"}>{agreement.agrees ? t("tabs.outcome.agrees") : t("tabs.outcome.disagrees")}</Badge>
                    {!agreement.current && <Badge color="yellow">{t("tabs.outcome.stale")}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "pre-wrap" }}>{agreement.comment}</Table.Td>
                <Table.Td>{formatDateTime(agreement.at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {outcome.agreementRequestedAt && waiting.length > 0 && (
        <Text size="sm" c="dimmed">
          {t("tabs.outcome.waiting", { names: waiting.map((member) => member.name).join(", ") })}
        </Text>
      )}
    </Stack>
  );
}

export function OutcomeAgreementForm({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const given = panel.outcome?.agreements.find((agreement) => agreement.sub === panel.you.sub);
  const action = usePanelAction(panel);
  const [comment, setComment] = useState("");
  const [answering, setAnswering] = useState<boolean | null>(null);
  const answer = async (agrees: boolean) => {
    setAnswering(agrees);
    const result = await action.run("/outcome/agreement", { body: { agrees, comment } });
    if (!(result instanceof Error)) setComment("");
    setAnswering(null);
  };
  return (
    <Stack component="section" aria-label={t("tabs.outcome.yourAnswer")}>
      <Title order={3} size="h4">
        {t("tabs.outcome.yourAnswer")}
      </Title>
      <Text size="sm">{t("tabs.outcome.yourAnswerHelp")}</Text>
      {given && (
        <Text size="sm" fw={600} role="status">
          {t(given.agrees ? "tabs.outcome.youAgreed" : "tabs.outcome.youDisagreed", { when: formatDateTime(given.at) })}
          {!given.current && ` ${t("tabs.outcome.answerAgain")}`}
        </Text>
      )}
      <Textarea
        label={t("tabs.outcome.comment")}
        autosize
        minRows={2}
        maxLength={2000}
        value={comment}
        error={action.error?.fieldErrors.comment}
        onChange={(event) => {
          setComment(event.currentTarget.value);
          action.setError((current) => current?.without("comment") ?? null);
        }}
      />
      <Refusal error={action.error} shownOn={["comment"]} />
      <Group>
        <Button color="green" onClick={() => answer(true)} loading={answering === true} disabled={action.busy}>
          {t("tabs.outcome.agree")}
        </Button>
        <Button color="red" variant="light" onClick={() => answer(false)} loading={answering === false} disabled={action.busy}>
          {t("tabs.outcome.disagree")}
        </Button>
      </Group>
    </Stack>
  );
}
