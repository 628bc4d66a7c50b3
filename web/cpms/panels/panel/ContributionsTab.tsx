/*
 * The panel's contributions. A member (or the lead) writes "My
 * contribution" while the panel is open — assessment, suggested
 * investigations, recommendation, attachments — saved as a draft only they
 * see, or submitted (counted, the lead told; it stays submitted when
 * edited afterwards). Everyone on the panel reads the submitted
 * contributions; the lead and managers see who has contributed and remind
 * the others (the server allows one reminder an hour).
 */
import { Badge, Button, Card, Group, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView, PanelView } from "../../../../src/cpms/panels/contract.ts";
import { formatDateTime } from "../../patients/format.ts";
import { type Attachment, AttachmentsField, activeMembers, PanelFileLinks, Refusal, usePanelAction } from "./ContributionTabs.tsx";

const PARTS = ["assessment", "investigations", "recommendation"] as const;

/** The user's own contribution: a draft (only its author sees it) or submitted. */
function ownContribution(panel: PanelView): ContributionView | undefined {
  return (panel.contributions ?? []).find((contribution) => contribution.authorSub === panel.you.sub);
}

function ContributionForm({ panel, own }: { panel: PanelView; own: ContributionView | undefined }) {
  const { t } = useTranslation("panels");
  const action = usePanelAction(panel);
  const [parts, setParts] = useState({
    assessment: own?.assessment ?? "",
    investigations: own?.investigations ?? "",
    recommendation: own?.recommendation ?? "",
  });
  const [attachments, setAttachments] = useState<Attachment[]>((own?.attachments ?? []).map((file) => ({ id: file.id, name: file.title || file.name })));
  const [sending, setSending] = useState<"draft" | "submit" | null>(null);
  const save = async (submit: boolean) => {
    setSending(submit ? "submit" : "draft");
    await action.run("/contribution", { method: "PUT", body: { ...parts, attachmentIds: attachments.map((attachment) => attachment.id), submit } });
    setSending(null);
  };
  const status = own?.submittedAt
    ? t("tabs.contributions.submittedOn", { when: formatDateTime(own.submittedAt) })
    : own
      ? t("tabs.contributions.draftSaved", { when: formatDateTime(own.updatedAt) })
      : null;
  return (
    <Stack component="section" aria-label={t("tabs.contributions.mine")}>
      <Group gap="sm">
        <Title order={3} size="h4">
          {t("tabs.contributions.mine")}
        </Title>
        {status && <Badge color={own?.submittedAt ? "green" : "gray"}>{status}</Badge>}
      </Group>
      <Text size="sm" c="dimmed">
        {t("tabs.contributions.help")}
      </Text>
      {PARTS.map((part) => (
        <Textarea
          key={part}
          label={t(`tabs.contributions.${part}`)}
          autosize
          minRows={3}
          maxLength={20000}
          value={parts[part]}
          error={action.error?.fieldErrors[part]}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setParts((current) => ({ ...current, [part]: value }));
            action.setError((current) => current?.without(part) ?? null);
          }}
        />
      ))}
      <AttachmentsField
        label={t("tabs.contributions.attach")}
        attachments={attachments}
        onChange={setAttachments}
        error={action.error?.fieldErrors.attachmentIds}
      />
      <Refusal error={action.error} shownOn={[...PARTS, "attachmentIds"]} />
      <Group>
        {own?.submittedAt ? (
          <Button onClick={() => save(true)} loading={sending === "submit"} disabled={action.busy}>
            {t("tabs.contributions.update")}
          </Button>
        ) : (
          <>
            <Button variant="default" onClick={() => save(false)} loading={sending === "draft"} disabled={action.busy}>
              {t("tabs.contributions.saveDraft")}
            </Button>
            <Button onClick={() => save(true)} loading={sending === "submit"} disabled={action.busy}>
              {t("tabs.contributions.submit")}
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

function ContributionCard({ panel, contribution }: { panel: PanelView; contribution: ContributionView }) {
  const { t } = useTranslation("panels");
  return (
    <Card withBorder component="article" aria-label={t("tabs.contributions.by", { name: contribution.authorName })}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{contribution.authorName}</Text>
        <Text size="sm" c="dimmed">
          {contribution.submittedAt ? formatDateTime(contribution.submittedAt) : t("tabs.contributions.draft")}
        </Text>
      </Group>
      <Stack gap="xs">
        {PARTS.map((part) => (
          <div key={part}>
            <Text size="sm" fw={600}>
              {t(`tabs.contributions.${part}`)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {contribution[part] || t("tabs.contributions.empty")}
            </Text>
          </div>
        ))}
        <PanelFileLinks panel={panel} files={contribution.attachments} label={t("tabs.contributions.attachmentsOf", { name: contribution.authorName })} />
      </Stack>
    </Card>
  );
}

function WhoContributed({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const action = usePanelAction(panel);
  const members = activeMembers(panel);
  // The lead may contribute too, but is not counted nor reminded: the members' opinions are what the lead waits for.
  const counted = members.filter((member) => member.role !== "lead");
  const missing = counted.filter((member) => !member.contributed).length;
  const unanswered = (panel.members ?? []).filter((member) => member.status === "invited").length;
  return (
    <Stack component="section" aria-label={t("tabs.contributions.who")}>
      <Title order={3} size="h4">
        {t("tabs.contributions.who")}
      </Title>
      <Text size="sm">{t("tabs.contributions.count", { done: counted.length - missing, total: counted.length })}</Text>
      <Table aria-label={t("tabs.contributions.who")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("tabs.contributions.member")}</Table.Th>
            <Table.Th>{t("tabs.contributions.where")}</Table.Th>
            <Table.Th>{t("tabs.contributions.state")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => (
            <Table.Tr key={member.sub}>
              <Table.Td>
                {member.name}
                {member.role === "lead" && ` (${t("tabs.contributions.lead")})`}
              </Table.Td>
              <Table.Td>
                {member.providerLabel} ({member.countryCode}), {member.ernCode}
              </Table.Td>
              <Table.Td>
                <Badge color={member.contributed ? "green" : "gray"}>
                  {member.contributed ? t("tabs.contributions.contributed") : t("tabs.contributions.notYet")}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {panel.you.actions.includes("remind") && (
        <Group>
          <Button variant="light" onClick={() => action.run("/reminders")} loading={action.busy} disabled={missing + unanswered === 0}>
            {t("tabs.contributions.remind")}
          </Button>
          <Text size="sm" c="dimmed">
            {missing + unanswered === 0 ? t("tabs.contributions.allDone") : t("tabs.contributions.remindHelp")}
          </Text>
        </Group>
      )}
      <Refusal error={action.error} />
    </Stack>
  );
}

export function ContributionsTab({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const submitted = (panel.contributions ?? []).filter((contribution) => contribution.submittedAt !== null);
  const own = ownContribution(panel);
  const mayContribute = panel.you.actions.includes("contribute") && (panel.you.role === "member" || panel.you.role === "lead");
  return (
    <Stack gap="lg">
      {panel.you.canManage && <WhoContributed panel={panel} />}
      {mayContribute && <ContributionForm key={own?.id ?? "new"} panel={panel} own={own} />}
      {!mayContribute && panel.status !== "open" && (
        <Text size="sm" c="dimmed">
          {panel.status === "draft" ? t("tabs.contributions.notOpen") : t("tabs.contributions.closed")}
        </Text>
      )}
      <Stack component="section" aria-label={t("tabs.contributions.submitted")}>
        <Title order={3} size="h4">
          {t("tabs.contributions.submitted")}
        </Title>
        {submitted.length === 0 && <Text c="dimmed">{t("tabs.contributions.none")}</Text>}
        {submitted.map((contribution) => (
          <ContributionCard key={contribution.id} panel={panel} contribution={contribution} />
        ))}
      </Stack>
    </Stack>
  );
}
