/* One security key in the list: its name (renamed in place), when it was added and last used, and "Remove". */
import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { Key } from "./types.ts";

const day = (iso: string) => new Date(iso).toLocaleDateString();

export function KeyRow({ item, onRenamed, onRemove }: { item: Key; onRenamed: () => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const [newName, setNewName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/api/account/security-keys/${item.id}`, { method: "PATCH", body: { name: newName } });
      setNewName(null);
      onRenamed();
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldErrors.name ?? caught.message) : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  if (newName !== null) {
    return (
      <Paper withBorder p="sm">
        <form onSubmit={save} noValidate>
          <Stack gap="xs">
            <TextInput
              label={t("securityKeys.newName")}
              value={newName}
              onChange={(event) => {
                setNewName(event.currentTarget.value);
                setError(null);
              }}
              error={error}
              maxLength={60}
              required
              autoFocus
            />
            <Group>
              <Button type="submit" size="xs" loading={busy}>
                {t("securityKeys.save")}
              </Button>
              <Button size="xs" variant="default" onClick={() => setNewName(null)}>
                {t("securityKeys.cancel")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="sm" data-testid="security-key">
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Group gap="xs">
            <Text fw={600}>{item.name}</Text>
            {item.isSynced && (
              <Badge size="xs" variant="light">
                {t("securityKeys.synced")}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t("securityKeys.addedOn", { date: day(item.createdAt) })} ·{" "}
            {item.lastUsedAt ? t("securityKeys.lastUsed", { date: day(item.lastUsedAt) }) : t("securityKeys.neverUsed")}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" aria-label={t("securityKeys.renameLabel", { name: item.name })} onClick={() => setNewName(item.name)}>
            {t("securityKeys.rename")}
          </Button>
          <Button size="xs" color="red" variant="light" aria-label={t("securityKeys.removeLabel", { name: item.name })} onClick={onRemove}>
            {t("securityKeys.remove")}
          </Button>
        </Group>
      </Group>
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
