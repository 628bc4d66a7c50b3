/*
 * "Manage my authenticator apps": the apps that give "Authenticator app
 * code" at sign-in, "Add an authenticator app" (a name, the QR code, the
 * first code) and removing one. Changes ask for the password again when the
 * sign-in is not recent.
 */
import { Alert, Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../ui/api.ts";
import { AccountFrame } from "./AccountFrame.tsx";
import { useProtectedAction } from "./Reauthenticate.tsx";
import { AddAppForm } from "./totp/AddAppForm.tsx";
import { RemoveFactorDialog } from "./RemoveFactorDialog.tsx";
import type { AuthenticatorApp } from "./totp/types.ts";

export function AuthenticatorAppsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { run, dialog } = useProtectedAction();
  const apps = useQuery({
    queryKey: ["authenticator-apps"],
    queryFn: () => api<{ apps: AuthenticatorApp[] }>("/api/account/authenticator-apps"),
  });
  const [isAdding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AuthenticatorApp | null>(null);

  const backToList = async (message: string | null) => {
    await queryClient.invalidateQueries({ queryKey: ["authenticator-apps"] });
    setNotice(message);
    setAdding(false);
  };

  return (
    <AccountFrame title={t("account.authenticatorApps")}>
      {dialog}
      {isAdding ? (
        <AddAppForm run={run} onAdded={backToList} onCancel={() => backToList(null)} />
      ) : (
        <Stack>
          {notice && (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          )}
          <Text size="sm">{t("totp.intro")}</Text>
          {apps.data?.apps.length === 0 && <Text>{t("totp.none")}</Text>}
          {!!apps.data?.apps.length && (
            <Table>
              <Table.Tbody>
                {apps.data.apps.map((app) => (
                  <Table.Tr key={app.id}>
                    <Table.Td>
                      <Text fw={600}>{app.name}</Text>
                      <Text size="xs" c="dimmed">
                        {t("totp.addedOn", { date: new Date(app.createdAt).toLocaleString() })}
                        {app.lastUsedAt && ` · ${t("totp.lastUsed", { date: new Date(app.lastUsedAt).toLocaleString() })}`}
                      </Text>
                      {!app.confirmedAt && (
                        <Badge color="gray" variant="light">
                          {t("totp.unconfirmed")}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group justify="flex-end">
                        <Button size="xs" variant="default" aria-label={t("totp.removeLabel", { name: app.name })} onClick={() => setRemoving(app)}>
                          {t("totp.remove")}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group>
            <Button
              onClick={() => {
                setNotice(null);
                setAdding(true);
              }}
            >
              {t("totp.add")}
            </Button>
          </Group>
        </Stack>
      )}
      {removing && (
        <RemoveFactorDialog
          url={`/api/account/authenticator-apps/${removing.id}`}
          texts={{
            title: t("totp.removeTitle"),
            question: t("totp.removeConfirm", { name: removing.name }),
            remove: t("totp.remove"),
            removeAnyway: t("totp.removeAnyway"),
            cancel: t("totp.cancel"),
          }}
          run={run}
          onClose={() => setRemoving(null)}
          onRemoved={(message) => {
            setRemoving(null);
            backToList(message);
          }}
        />
      )}
    </AccountFrame>
  );
}
