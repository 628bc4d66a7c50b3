/*
 * "Remove an authenticator app": asks first; when it is the account's last
 * second verification method, shows the server's warning and offers
 * "Remove anyway", which sends the removal again with confirmLastFactor.
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { AuthenticatorApp, Run } from "./types.ts";

export function RemoveAppDialog({
  app,
  run,
  onClose,
  onRemoved,
}: {
  app: AuthenticatorApp;
  run: Run;
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
      const answer = await run(() => api<{ message: string }>(`/api/account/authenticator-apps/${app.id}`, { method: "DELETE", body: { confirmLastFactor } }));
      onRemoved(answer.message);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "last_factor") setWarning(caught.message);
      else setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t("totp.removeTitle")} centered>
      <Stack>
        <Text>{t("totp.removeConfirm", { name: app.name })}</Text>
        {warning && (
          <Alert color="orange" role="alert">
            {warning}
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          {warning ? (
            <Button color="red" loading={busy} onClick={() => remove(true)}>
              {t("totp.removeAnyway")}
            </Button>
          ) : (
            <Button color="red" loading={busy} onClick={() => remove(false)}>
              {t("totp.remove")}
            </Button>
          )}
          <Button variant="default" onClick={onClose}>
            {t("totp.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
