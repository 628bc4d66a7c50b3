/*
 * "Delete a mobile phone number": asks first; when the server answers that
 * this is the last second verification method (`last_factor`), shows its
 * warning and deletes only after "Remove anyway".
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { Phone, RunProtected } from "./types.ts";

export function DeletePhoneDialog({
  phone,
  run,
  onClose,
  onDeleted,
}: {
  phone: Phone;
  run: RunProtected;
  onClose: () => void;
  onDeleted: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [lastFactorWarning, setLastFactorWarning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async (confirmLastFactor: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await run(() => api<{ message: string }>(`/api/account/phones/${phone.id}`, { method: "DELETE", body: { confirmLastFactor } }));
      onDeleted(answer.message);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "last_factor") setLastFactorWarning(caught.message);
      else setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t("phones.deleteTitle")} centered>
      <Stack>
        {lastFactorWarning ? (
          <Alert color="orange" role="alert">
            {lastFactorWarning}
          </Alert>
        ) : (
          <Text>{t("phones.deleteConfirm", { number: phone.number })}</Text>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          {lastFactorWarning ? (
            <Button color="red" loading={busy} onClick={() => remove(true)}>
              {t("phones.removeAnyway")}
            </Button>
          ) : (
            <Button color="red" loading={busy} onClick={() => remove(false)}>
              {t("phones.delete")}
            </Button>
          )}
          <Button variant="default" onClick={onClose}>
            {t("phones.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
