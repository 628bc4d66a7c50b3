/*
 * Asks before a change (a withdrawal, a removal, a decision, replacing a
 * secret); the server's refusal is shown in the dialog, or under the field
 * it names when the dialog holds that field (a reason). The app's own words
 * for Cancel and for an unexpected failure come as props.
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { ApiError } from "./api.ts";

export function ConfirmDialog({
  title,
  question,
  confirm,
  color = "blue",
  children,
  cancel,
  genericError,
  onConfirm,
  onClose,
}: {
  title: string;
  question: ReactNode;
  confirm: string;
  color?: string;
  /** Fields of the dialog (a reason). */
  children?: (error: ApiError | null) => ReactNode;
  /** The app's word for Cancel. */
  cancel: string;
  /** The message for a failure that is no ApiError. */
  genericError: string;
  /** Resolves when done; throws ApiError to keep the dialog open with the message. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, genericError, {}));
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
            {cancel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
