/*
 * One mobile device in the list: its name (renamed in place), its status
 * with what to do about it (waiting for the app, locked), when it was
 * added and last used, "Rename" and "Delete".
 */
import { Alert, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { RenameForm, useRename } from "../Rename.tsx";
import type { DeviceStatus, MobileDevice } from "./types.ts";

const day = (iso: string) => new Date(iso).toLocaleDateString();

const STATUS: Record<DeviceStatus, { color: string; label: string; hint?: string }> = {
  active: { color: "green", label: "mobileDevices.statusActive" },
  pending: { color: "gray", label: "mobileDevices.statusPending", hint: "mobileDevices.hintPending" },
  locked: { color: "red", label: "mobileDevices.statusLocked", hint: "mobileDevices.hintLocked" },
};

export function DeviceRow({ device, onRenamed, onDelete }: { device: MobileDevice; onRenamed: (message: string) => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const rename = useRename(`/api/account/mobile-devices/${device.id}`, (message) => onRenamed(message ?? ""));
  const status = STATUS[device.status];

  if (rename.newName !== null) {
    return <RenameForm rename={rename} labels={{ newName: t("mobileDevices.newName"), save: t("mobileDevices.save"), cancel: t("mobileDevices.cancel") }} />;
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
            {device.biometrics && ` · ${t("mobileDevices.biometricsOn")}`}
          </Text>
          {status.hint && <Text size="sm">{t(status.hint)}</Text>}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" aria-label={t("mobileDevices.renameLabel", { name: device.name })} onClick={() => rename.start(device.name)}>
            {t("mobileDevices.rename")}
          </Button>
          <Button size="xs" color="red" variant="light" aria-label={t("mobileDevices.deleteLabel", { name: device.name })} onClick={onDelete}>
            {t("mobileDevices.delete")}
          </Button>
        </Group>
      </Group>
      {rename.error && (
        <Alert color="red" role="alert" mt="xs">
          {rename.error}
        </Alert>
      )}
    </Paper>
  );
}
