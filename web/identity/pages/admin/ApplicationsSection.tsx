/*
 * "Applications (OpenID Connect)": the registered relying parties, the
 * platform's own read-only; add one (its secret shown once), give one a new
 * secret, remove one — each change confirmed first.
 */
import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../ui/api.ts";
import type { RunProtected } from "../account/Reauthenticate.tsx";
import { AddApplicationForm } from "./AddApplicationForm.tsx";
import { ConfirmDialog } from "../../../ui/ConfirmDialog.tsx";
import { NewSecretPanel } from "./NewSecretPanel.tsx";
import type { Client, NewSecret } from "./types.ts";

type View = { kind: "list" } | { kind: "add" } | { kind: "secret"; issued: NewSecret };
type Change = { kind: "remove" | "rotate"; client: Client };

export const CLIENTS_KEY = ["admin", "clients"];

function ClientRow({ client, onChange }: { client: Client; onChange: (change: Change) => void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={4}>
          <Text fw={600}>{client.name}</Text>
          <Group gap={4}>
            {client.builtIn && <Badge variant="light">{t("admin.builtIn")}</Badge>}
            <Badge variant="outline" color="gray">
              {t(client.isPublic ? "admin.kindPublic" : "admin.kindConfidential")}
            </Badge>
            <Badge variant="outline" color="gray">
              {t(`admin.levels.${client.acr}`)}
            </Badge>
          </Group>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Code>{client.clientId}</Code>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {client.redirectUris.map((uri) => (
            <Text key={uri} size="sm" style={{ wordBreak: "break-all" }}>
              {uri}
            </Text>
          ))}
          {client.redirectUris.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("admin.serviceOnly")}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        {client.builtIn ? (
          <Text size="sm" c="dimmed">
            {t("admin.builtInHint")}
          </Text>
        ) : (
          <Group justify="flex-end" gap="xs" wrap="nowrap">
            {!client.isPublic && (
              <Button size="xs" variant="light" aria-label={t("admin.rotateLabel", { name: client.name })} onClick={() => onChange({ kind: "rotate", client })}>
                {t("admin.rotate")}
              </Button>
            )}
            <Button
              size="xs"
              variant="default"
              aria-label={t("admin.removeClientLabel", { name: client.name })}
              onClick={() => onChange({ kind: "remove", client })}
            >
              {t("admin.remove")}
            </Button>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function ApplicationsSection({ clients, run }: { clients: Client[]; run: RunProtected }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>({ kind: "list" });
  const [notice, setNotice] = useState<string | null>(null);
  const [change, setChange] = useState<Change | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: CLIENTS_KEY });

  const confirmChange = async () => {
    if (!change) return;
    const { clientId } = change.client;
    if (change.kind === "remove") {
      const answer = await run(() => api<{ message: string }>(`/api/admin/clients/${encodeURIComponent(clientId)}`, { method: "DELETE" }));
      setNotice(answer.message);
    } else {
      const issued = await run(() => api<NewSecret>(`/api/admin/clients/${encodeURIComponent(clientId)}/secret`, { method: "POST" }));
      setView({ kind: "secret", issued });
    }
    setChange(null);
    await refresh();
  };

  return (
    <Stack component="section" aria-labelledby="admin-clients">
      <Title order={3} id="admin-clients">
        {t("admin.clientsTitle")}
      </Title>
      {view.kind === "secret" && <NewSecretPanel issued={view.issued} onDone={() => setView({ kind: "list" })} />}
      {view.kind === "add" && (
        <AddApplicationForm
          run={run}
          onCancel={() => setView({ kind: "list" })}
          onAdded={async (issued) => {
            setNotice(null);
            setView({ kind: "secret", issued });
            await refresh();
          }}
        />
      )}
      {view.kind === "list" && (
        <>
          <Text size="sm">{t("admin.clientsIntro")}</Text>
          {notice && (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          )}
          <Table data-testid="admin-clients" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("admin.application")}</Table.Th>
                <Table.Th>{t("admin.clientId")}</Table.Th>
                <Table.Th>{t("admin.redirectUris")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.map((client) => (
                <ClientRow key={client.clientId} client={client} onChange={setChange} />
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button
              onClick={() => {
                setNotice(null);
                setView({ kind: "add" });
              }}
            >
              {t("admin.addClient")}
            </Button>
          </Group>
        </>
      )}
      {change && (
        <ConfirmDialog
          cancel={t("admin.cancel")}
          genericError={t("errors.generic")}
          title={t(change.kind === "remove" ? "admin.removeClientTitle" : "admin.rotateTitle")}
          question={t(change.kind === "remove" ? "admin.removeClientConfirm" : "admin.rotateConfirm", { name: change.client.name })}
          confirm={t(change.kind === "remove" ? "admin.remove" : "admin.rotate")}
          color={change.kind === "remove" ? "red" : "orange"}
          onConfirm={confirmChange}
          onClose={() => setChange(null)}
        />
      )}
    </Stack>
  );
}
