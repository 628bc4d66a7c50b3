/* "CAS services": the URL patterns that may receive CAS tickets, with the level each needs; add one, remove one after confirming. */
import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../ui/api.ts";
import type { RunProtected } from "../account/Reauthenticate.tsx";
import { AddCasServiceForm } from "./AddCasServiceForm.tsx";
import { ConfirmDialog } from "../../../ui/ConfirmDialog.tsx";
import type { CasService } from "./types.ts";

export const SERVICES_KEY = ["admin", "cas-services"];

export function CasServicesSection({ services, run }: { services: CasService[]; run: RunProtected }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [isAdding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CasService | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: SERVICES_KEY });

  const remove = async () => {
    if (!removing) return;
    const answer = await run(() => api<{ message: string }>(`/api/admin/cas-services/${encodeURIComponent(removing.id)}`, { method: "DELETE" }));
    setRemoving(null);
    setNotice(answer.message);
    await refresh();
  };

  return (
    <Stack component="section" aria-labelledby="admin-cas-services">
      <Title order={3} id="admin-cas-services">
        {t("admin.servicesTitle")}
      </Title>
      {isAdding ? (
        <AddCasServiceForm
          run={run}
          onCancel={() => setAdding(false)}
          onAdded={async (message) => {
            setNotice(message);
            setAdding(false);
            await refresh();
          }}
        />
      ) : (
        <>
          <Text size="sm">{t("admin.servicesIntro")}</Text>
          {notice && (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          )}
          {services.length === 0 ? (
            <Text>{t("admin.noServices")}</Text>
          ) : (
            <Table data-testid="admin-cas-services" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("admin.name")}</Table.Th>
                  <Table.Th>{t("admin.urlPattern")}</Table.Th>
                  <Table.Th>{t("admin.level")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {services.map((service) => (
                  <Table.Tr key={service.id}>
                    <Table.Td>
                      <Text fw={600}>{service.name}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Code style={{ wordBreak: "break-all" }}>{service.urlPattern}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color="gray">
                        {t(`admin.levels.${service.acr}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group justify="flex-end">
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t("admin.removeServiceLabel", { name: service.name })}
                          onClick={() => setRemoving(service)}
                        >
                          {t("admin.remove")}
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
              {t("admin.addService")}
            </Button>
          </Group>
        </>
      )}
      {removing && (
        <ConfirmDialog
          cancel={t("admin.cancel")}
          genericError={t("errors.generic")}
          color="red"
          title={t("admin.removeServiceTitle")}
          question={t("admin.removeServiceConfirm", { name: removing.name })}
          confirm={t("admin.remove")}
          onConfirm={remove}
          onClose={() => setRemoving(null)}
        />
      )}
    </Stack>
  );
}
