/* Asks before a change (withdraw, removal, a decision); the server's refusal is shown in the dialog, next to the field it names. */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../ui/api.ts";

export function ConfirmDialog({
  title,
  question,
  confirm,
  color = "blue",
  children,
  onConfirm,
  onClose,
}: {
  title: string;
  question: ReactNode;
  confirm: string;
  color?: string;
  /** Fields of the dialog (a reason). */
  children?: (error: ApiError | null) => ReactNode;
  /** Resolves when done; throws ApiError to keep the dialog open with the message. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };

  // The reason's own message is shown under the reason field.
  const fieldNamed = !!error?.fieldErrors.reason && !!children;
  return (
    <Modal opened onClose={onClose} title={title} centered size="lg">
      <Stack>
        <Text>{question}</Text>
        {children?.(error)}
        {error && !fieldNamed && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button color={color} loading={busy} onClick={go}>
            {confirm}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
