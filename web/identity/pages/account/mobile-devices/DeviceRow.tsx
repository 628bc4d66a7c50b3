/*
 * One mobile device in the list: its name (renamed in place), its status
 * with what to do about it (waiting for the app, locked), when it was
 * added and last used, "Rename" and "Delete".
 */
import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { DeviceStatus, MobileDevice } from "./types.ts";

const day = (iso: string) => new Date(iso).toLocaleDateString();

const STATUS: Record<DeviceStatus, { color: string; label: string; hint?: string }> = {
  active: { color: "green", label: "mobileDevices.statusActive" },
  pending: { color: "gray", label: "mobileDevices.statusPending", hint: "mobileDevices.hintPending" },
  locked: { color: "red", label: "mobileDevices.statusLocked", hint: "mobileDevices.hintLocked" },
};

export function DeviceRow({ device, onRenamed, onDelete }: { device: MobileDevice; onRenamed: (message: string) => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const [newName, setNewName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const status = STATUS[device.status];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ message: string }>(`/api/account/mobile-devices/${device.id}`, { method: "PATCH", body: { name: newName } });
      setNewName(null);
      onRenamed(answer.message);
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
              label={t("mobileDevices.newName")}
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
                {t("mobileDevices.save")}
              </Button>
              <Button size="xs" variant="default" onClick={() => setNewName(null)}>
                {t("mobileDevices.cancel")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="sm" data-testid="mobile-device">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={600}>{device.name}</Text>
            <Badge size="sm" variant="light" color={status.color}>
              {t(status.label)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t("mobileDevices.addedOn", { date: day(device.createdAt) })} ·{" "}
            {device.lastUsedAt ? t("mobileDevices.lastUsed", { date: day(device.lastUsedAt) }) : t("mobileDevices.neverUsed")}
          </Text>
          {status.hint && <Text size="sm">{t(status.hint)}</Text>}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" aria-label={t("mobileDevices.renameLabel", { name: device.name })} onClick={() => setNewName(device.name)}>
            {t("mobileDevices.rename")}
          </Button>
          <Button size="xs" color="red" variant="light" aria-label={t("mobileDevices.deleteLabel", { name: device.name })} onClick={onDelete}>
            {t("mobileDevices.delete")}
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
