/*
 * The panel's discussion thread: each message with its author and time,
 * mentions highlighted, requests for more information and the lead's
 * reminders marked, replies shown with what they answer. While the panel is
 * open or awaiting its outcome, those on the panel write — mentioning
 * members with "@", asking the lead for more information, or answering such
 * a request.
 */
import { Alert, Badge, Button, Card, Checkbox, CloseButton, Group, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MessageView, PanelView } from "../../../../src/cpms/panels/contract.ts";
import { formatDateTime } from "../../patients/format.ts";
import { type Attachment, AttachmentsField, activeMembers, PanelFileLinks, Refusal, usePanelAction } from "./ContributionTabs.tsx";
import { MentionComposer } from "./MentionComposer.tsx";
import { MentionText } from "./MentionText.tsx";

const plain = (body: string) => body.replace(/@\[([^\]\n]{1,200})\]\([^)\s]{1,200}\)/g, "@$1");

function Message({ panel, message, repliedTo, onReply }: { panel: PanelView; message: MessageView; repliedTo?: MessageView; onReply?: () => void }) {
  const { t } = useTranslation("panels");
  const color = message.kind === "info_request" ? "orange" : message.kind === "reminder" ? "gray" : undefined;
  return (
    <Card
      withBorder
      component="article"
      aria-label={t("tabs.discussion.messageBy", { name: message.authorName })}
      bd={color ? `1px solid var(--mantine-color-${color}-4)` : undefined}
    >
      <Group justify="space-between" mb={4}>
        <Group gap="xs">
          <Text fw={600} size="sm">
            {message.authorName}
          </Text>
          {message.kind === "info_request" && <Badge color="orange">{t("tabs.discussion.infoRequest")}</Badge>}
          {message.kind === "reminder" && <Badge color="gray">{t("tabs.discussion.reminder")}</Badge>}
        </Group>
        <Text size="xs" c="dimmed">
          <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        </Text>
      </Group>
      {repliedTo && (
        <Text size="xs" c="dimmed" mb={4} lineClamp={2}>
          {t("tabs.discussion.inReplyTo", { name: repliedTo.authorName, text: plain(repliedTo.body) })}
        </Text>
      )}
      <MentionText body={message.body} />
      <PanelFileLinks panel={panel} files={message.attachments} label={t("tabs.discussion.attachmentsOf", { name: message.authorName })} />
      {onReply && (
        <Group mt="xs">
          <Button size="xs" variant="subtle" onClick={onReply}>
            {t("tabs.discussion.reply")}
          </Button>
        </Group>
      )}
    </Card>
  );
}

function Composer({ panel, replyTo, onReplied }: { panel: PanelView; replyTo: MessageView | null; onReplied: () => void }) {
  const { t } = useTranslation("panels");
  const action = usePanelAction(panel);
  const [body, setBody] = useState("");
  const [askLead, setAskLead] = useState(false);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const members = activeMembers(panel).map((member) => ({ sub: member.sub, name: member.name }));
  const send = async () => {
    const kind = askLead && !replyTo ? "info_request" : "message";
    const answer = await action.run("/messages", {
      body: { body, kind, ...(replyTo ? { replyTo: replyTo.id } : {}), attachmentIds: attachments.map((attachment) => attachment.id) },
    });
    if (!(answer instanceof Error)) {
      setBody("");
      setAskLead(false);
      setAttachments([]);
      onReplied();
    }
  };
  return (
    <Stack component="section" aria-label={t("tabs.discussion.write")}>
      <Title order={3} size="h4">
        {replyTo ? t("tabs.discussion.replyTitle", { name: replyTo.authorName }) : t("tabs.discussion.write")}
      </Title>
      {replyTo && (
        <Group gap="xs">
          <Text size="sm" c="dimmed" lineClamp={2} style={{ flex: 1 }}>
            {plain(replyTo.body)}
          </Text>
          <CloseButton aria-label={t("tabs.discussion.cancelReply")} onClick={onReplied} />
        </Group>
      )}
      <MentionComposer
        label={t("tabs.discussion.message")}
        value={body}
        onChange={(next) => {
          setBody(next);
          action.setError((current) => current?.without("body") ?? null);
        }}
        members={members}
        error={action.error?.fieldErrors.body}
      />
      <AttachmentsField
        label={t("tabs.discussion.attach")}
        attachments={attachments}
        onChange={setAttachments}
        error={action.error?.fieldErrors.attachmentIds}
      />
      {!panel.you.isLead && !replyTo && (
        <Checkbox
          label={t("tabs.discussion.askLead")}
          description={t("tabs.discussion.askLeadHelp")}
          checked={askLead}
          onChange={(event) => setAskLead(event.currentTarget.checked)}
        />
      )}
      <Refusal error={action.error} shownOn={["body", "attachmentIds"]} />
      <Group>
        <Button onClick={send} loading={action.busy} disabled={body.trim() === ""}>
          {replyTo ? t("tabs.discussion.sendReply") : askLead ? t("tabs.discussion.sendRequest") : t("tabs.discussion.send")}
        </Button>
      </Group>
    </Stack>
  );
}

export function DiscussionTab({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const messages = panel.messages ?? [];
  const byId = new Map(messages.map((message) => [message.id, message]));
  const mayWrite = panel.you.actions.includes("message") && panel.you.role !== "invitee";
  return (
    <Stack gap="lg">
      {panel.messages === null && <Alert color="gray">{t("tabs.discussion.hidden")}</Alert>}
      <Stack component="section" aria-label={t("tabs.discussion.thread")} gap="sm">
        <Title order={3} size="h4">
          {t("tabs.discussion.thread")}
        </Title>
        {messages.length === 0 && <Text c="dimmed">{t("tabs.discussion.none")}</Text>}
        {messages.map((message) => (
          <Message
            key={message.id}
            panel={panel}
            message={message}
            repliedTo={message.replyTo ? byId.get(message.replyTo) : undefined}
            onReply={mayWrite && message.kind === "info_request" ? () => setReplyTo(message) : undefined}
          />
        ))}
      </Stack>
      {mayWrite ? (
        <Composer key={replyTo?.id ?? "new"} panel={panel} replyTo={replyTo} onReplied={() => setReplyTo(null)} />
      ) : (
        panel.status === "closed" && <Text c="dimmed">{t("tabs.discussion.readOnly")}</Text>
      )}
    </Stack>
  );
}
