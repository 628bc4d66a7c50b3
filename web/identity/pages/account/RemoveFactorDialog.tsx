/*
 * Removing a verification method (a phone number, a security key, an
 * authenticator app): asks first; when the server answers that this is the
 * account's last second verification method (`last_factor`), shows its
 * warning and removes only after "Remove anyway", which sends the removal
 * again with confirmLastFactor.
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../ui/api.ts";
import type { RunProtected } from "./Reauthenticate.tsx";

export type RemoveFactorTexts = { title: string; question: string; remove: string; removeAnyway: string; cancel: string };

export function RemoveFactorDialog({
  url,
  texts,
  run,
  onClose,
  onRemoved,
}: {
  url: string;
  texts: RemoveFactorTexts;
  run: RunProtected;
  onClose: () => void;
  onRemoved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [warning, setWarning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async (confirmLastFactor: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await run(() => api<{ message: string }>(url, { method: "DELETE", body: { confirmLastFactor } }));
      onRemoved(answer.message);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "last_factor") setWarning(caught.message);
      else setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={texts.title} centered>
      <Stack>
        {warning ? (
          <Alert color="orange" role="alert">
            {warning}
          </Alert>
        ) : (
          <Text>{texts.question}</Text>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button color="red" loading={busy} onClick={() => remove(warning !== null)}>
            {warning ? texts.removeAnyway : texts.remove}
          </Button>
          <Button variant="default" onClick={onClose}>
            {texts.cancel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
