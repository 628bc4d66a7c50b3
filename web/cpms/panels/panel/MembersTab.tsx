/*
 * A panel's members: who is invited, who accepted, declined (and why) or was
 * removed (by whom, why), who contributed, who came through the thematic
 * area. The lead and managers invite, remove (with a reason; never the lead)
 * and remind those who have not contributed — each offered only when the
 * panel's status allows it (`you.actions`).
 */
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MemberView, PanelView } from "../../../../src/cpms/panels/contract.ts";
import type { ApiError } from "../../../ui/api.ts";
import { formatDateTime } from "../../patients/format.ts";
import { usePanelMutation } from "../queries.ts";
import { InviteMembers } from "./InviteMembers.tsx";

const STATUS_COLORS = { invited: "yellow", accepted: "green", declined: "gray", removed: "gray" } as const;

function RemoveDialog({ panel, member, onClose }: { panel: PanelView; member: MemberView; onClose: () => void }) {
  const { t } = useTranslation("panels");
  const [reason, setReason] = useState("");
  const remove = usePanelMutation<{ message: string }>(panel.id);
  const error = remove.error as ApiError | null;
  return (
    <Modal opened onClose={onClose} title={t("members.removeTitle", { name: member.name })} centered>
      <Stack>
        <Text size="sm">{t("members.removeText", { name: member.name })}</Text>
        <Textarea
          label={t("members.removeReason")}
          required
          maxLength={1000}
          value={reason}
          error={error?.fieldErrors.reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        {error && !error.fieldErrors.reason && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(
                { path: `/members/${encodeURIComponent(member.sub)}`, method: "DELETE", body: { reason } },
                {
                  onSuccess: (answer) => {
                    notifications.show({ color: "green", message: answer.message });
                    onClose();
                  },
                },
              )
            }
          >
            {t("members.removeConfirm")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MemberState({ member }: { member: MemberView }) {
  const { t } = useTranslation("panels");
  return (
    <Stack gap={2}>
      <Group gap={4}>
        <Badge variant="light" color={STATUS_COLORS[member.status]} miw="max-content">
          {t(`members.statuses.${member.status}`)}
        </Badge>
        {member.contributed && (
          <Badge variant="light" color="teal" miw="max-content">
            {t("members.contributed")}
          </Badge>
        )}
      </Group>
      {member.status === "declined" && member.declineReason && (
        <Text size="xs" c="dimmed">
          {t("members.declined", { reason: member.declineReason })}
        </Text>
      )}
      {member.status === "removed" && (
        <Text size="xs" c="dimmed">
          {t("members.removed", { name: member.removedByName ?? "", reason: member.removeReason ?? "" })}
        </Text>
      )}
    </Stack>
  );
}

function Remind({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const remind = usePanelMutation<{ reminded: number; message: string }>(panel.id);
  return (
    <Stack gap={4} align="flex-start">
      <Button
        variant="light"
        loading={remind.isPending}
        onClick={() =>
          remind.mutate({ path: "/reminders", body: {} }, { onSuccess: (answer) => notifications.show({ color: "green", message: answer.message }) })
        }
      >
        {t("members.remind")}
      </Button>
      {remind.error && (
        <Alert color="red" role="alert">
          {remind.error.message}
        </Alert>
      )}
    </Stack>
  );
}

export function MembersTab({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const [removing, setRemoving] = useState<MemberView | null>(null);
  const members = panel.members ?? [];
  const mayRemove = panel.you.canManage && panel.you.actions.includes("remove_member");
  return (
    <Stack>
      {members.length === 0 ? (
        <Text c="dimmed">{t("members.none")}</Text>
      ) : (
        <Table aria-label={t("members.table")} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("members.name")}</Table.Th>
              <Table.Th>{t("members.where")}</Table.Th>
              <Table.Th>{t("members.status")}</Table.Th>
              <Table.Th>{t("members.invited")}</Table.Th>
              {mayRemove && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => (
              <Table.Tr key={member.sub}>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm" fw={500}>
                      {member.name}
                    </Text>
                    {member.role === "lead" && <Badge size="sm">{t("members.leadBadge")}</Badge>}
                    {member.viaThematicArea && (
                      <Badge size="sm" variant="outline" color="grape">
                        {t("members.viaArea")}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {member.ernCode} · {member.providerLabel} ({member.countryCode})
                  </Text>
                </Table.Td>
                <Table.Td>
                  <MemberState member={member} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {member.role === "lead" ? "" : t("members.invitedBy", { name: member.invitedByName, when: formatDateTime(member.invitedAt) })}
                  </Text>
                </Table.Td>
                {mayRemove && (
                  <Table.Td>
                    {member.role !== "lead" && (member.status === "invited" || member.status === "accepted") && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={t("members.removeLabel", { name: member.name })}
                        onClick={() => setRemoving(member)}
                      >
                        {t("members.remove")}
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {panel.you.canManage && panel.you.actions.includes("remind") && <Remind panel={panel} />}
      {panel.you.canManage && panel.you.actions.includes("invite") && <InviteMembers panel={panel} />}
      {removing && <RemoveDialog panel={panel} member={removing} onClose={() => setRemoving(null)} />}
    </Stack>
  );
}
