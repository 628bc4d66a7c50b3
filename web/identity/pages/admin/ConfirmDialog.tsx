/* Asks before an administration change that cannot be undone (removing, replacing a secret); the server's refusal is shown in the dialog. */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../ui/api.ts";

export function ConfirmDialog({
  title,
  question,
  confirm,
  color = "red",
  onConfirm,
  onClose,
}: {
  title: string;
  question: string;
  confirm: string;
  color?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={title} centered>
      <Stack>
        <Text>{question}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button color={color} loading={busy} onClick={go}>
            {confirm}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("admin.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
