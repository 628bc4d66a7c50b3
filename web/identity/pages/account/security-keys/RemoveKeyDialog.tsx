/*
 * "Remove a security key or trusted platform": asks first; when the server
 * answers that this is the last second verification method (`last_factor`),
 * shows its warning and removes only after "Remove anyway".
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { Key, RunProtected } from "./types.ts";

export function RemoveKeyDialog({
  item,
  run,
  onClose,
  onRemoved,
}: {
  item: Key;
  run: RunProtected;
  onClose: () => void;
  onRemoved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [lastFactorWarning, setLastFactorWarning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async (confirmLastFactor: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await run(() => api<{ message: string }>(`/api/account/security-keys/${item.id}`, { method: "DELETE", body: { confirmLastFactor } }));
      onRemoved(answer.message);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "last_factor") setLastFactorWarning(caught.message);
      else setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t("securityKeys.removeTitle")} centered>
      <Stack>
        {lastFactorWarning ? (
          <Alert color="orange" role="alert">
            {lastFactorWarning}
          </Alert>
        ) : (
          <Text>{t("securityKeys.removeConfirm", { name: item.name })}</Text>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button color="red" loading={busy} onClick={() => remove(Boolean(lastFactorWarning))}>
            {lastFactorWarning ? t("securityKeys.removeAnyway") : t("securityKeys.remove")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("securityKeys.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
