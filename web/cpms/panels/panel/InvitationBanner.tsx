/*
 * For an invitee: "You are invited to this panel", with Accept, or Decline
 * with a reason the lead reads. Accepting opens the panel's data to them;
 * declining closes the panel to them, so the page goes back to "My panels".
 */
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { PanelView } from "../../../../src/cpms/panels/contract.ts";
import type { ApiError } from "../../../ui/api.ts";
import { usePanelMutation } from "../queries.ts";

export function InvitationBanner({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState("");
  const navigate = useNavigate();
  const respond = usePanelMutation<{ panel: PanelView; message: string }>(panel.id);
  const error = respond.error as ApiError | null;
  const answer = (accept: boolean) =>
    respond.mutate(
      { path: "/invitation", body: accept ? { accept } : { accept, reason }, leaves: !accept },
      {
        onSuccess: (done) => {
          notifications.show({ color: "green", message: done.message });
          setDeclining(false);
          if (!accept) navigate("/panels?role=invited");
        },
      },
    );
  return (
    <Alert color="yellow" title={t("invitation.title")} role="region" aria-label={t("invitation.title")}>
      <Stack gap="sm">
        <Text size="sm">{t("invitation.text", { name: panel.leadName })}</Text>
        {error && !declining && <Text c="red">{error.message}</Text>}
        <Group>
          <Button color="green" loading={respond.isPending && !declining} onClick={() => answer(true)}>
            {t("invitation.accept")}
          </Button>
          <Button variant="default" onClick={() => setDeclining(true)}>
            {t("invitation.decline")}
          </Button>
        </Group>
      </Stack>
      {declining && (
        <Modal opened onClose={() => setDeclining(false)} title={t("invitation.declineTitle")} centered>
          <Stack>
            <Textarea
              label={t("invitation.reason")}
              description={t("invitation.reasonHelp")}
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
              <Button color="red" loading={respond.isPending} onClick={() => answer(false)}>
                {t("invitation.declineConfirm")}
              </Button>
              <Button variant="default" onClick={() => setDeclining(false)}>
                {t("common.cancel")}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Alert>
  );
}
