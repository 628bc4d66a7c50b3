/* One security key in the list: its name (renamed in place), when it was added and last used, and "Remove". */
import { Alert, Badge, Button, Group, Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { RenameForm, useRename } from "../Rename.tsx";
import type { Key } from "./types.ts";

const day = (iso: string) => new Date(iso).toLocaleDateString();

export function KeyRow({ item, onRenamed, onRemove }: { item: Key; onRenamed: () => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const rename = useRename(`/api/account/security-keys/${item.id}`, () => onRenamed());

  if (rename.newName !== null) {
    return <RenameForm rename={rename} labels={{ newName: t("securityKeys.newName"), save: t("securityKeys.save"), cancel: t("securityKeys.cancel") }} />;
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
          <Button size="xs" variant="default" aria-label={t("securityKeys.renameLabel", { name: item.name })} onClick={() => rename.start(item.name)}>
            {t("securityKeys.rename")}
          </Button>
          <Button size="xs" color="red" variant="light" aria-label={t("securityKeys.removeLabel", { name: item.name })} onClick={onRemove}>
            {t("securityKeys.remove")}
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
