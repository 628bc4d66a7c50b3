/*
 * The Global Dashboard: each ERN the user belongs to, the roles held there
 * (profile at a healthcare provider), the way to its patients and to "My
 * Preferences"; at the first connection in an ERN (no preferences yet), an
 * invitation to set them; and "My panels" (invitations waiting, overdue and
 * open panels).
 */
import { Alert, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Dashboard, Me } from "../../../src/cpms/dashboard/contract.ts";
import { api } from "../../ui/api.ts";
import { MyPanelsCard } from "../panels/MyPanelsCard.tsx";

type DashboardErn = Dashboard["erns"][number];

function ErnCard({ ern }: { ern: DashboardErn }) {
  const { t } = useTranslation();
  const code = encodeURIComponent(ern.code);
  return (
    <Card withBorder shadow="xs" padding="lg" component="section" aria-labelledby={`ern-${ern.code}`}>
      <Stack>
        <Title order={2} size="h3" id={`ern-${ern.code}`}>
          {`${ern.code} - ${ern.name}`}
        </Title>
        {!ern.preferencesSet && (
          <Alert color="blue" title={t("dashboard.firstConnectionTitle")}>
            <Stack gap="xs">
              <Text size="sm">{t("dashboard.firstConnection")}</Text>
              <Group>
                <Button component={Link} to={`/erns/${code}/preferences`} size="xs">
                  {t("frame.preferences")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <Table aria-label={t("dashboard.rolesIn", { ern: ern.code })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("dashboard.role")}</Table.Th>
              <Table.Th>{t("dashboard.provider")}</Table.Th>
              <Table.Th>{t("dashboard.country")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ern.roles.map((role) => (
              <Table.Tr key={`${role.providerId}/${role.profile}`}>
                <Table.Td>
                  <Badge variant="light" miw="max-content">
                    {role.profile}
                  </Badge>
                </Table.Td>
                <Table.Td>{`${role.providerCode} - ${role.providerName}`}</Table.Td>
                <Table.Td>{role.countryName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button component={Link} to={`/patients?ern=${code}`} variant="light">
            {t("frame.patients")}
          </Button>
          <Button component={Link} to={`/erns/${code}/preferences`} variant="default">
            {t("frame.preferences")}
          </Button>
          {ern.isCoordinator && (
            <Button component={Link} to={`/erns/${code}/thematic-areas`} variant="default">
              {t("frame.thematicAreas")}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export function GlobalDashboard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const dashboard = useQuery({ queryKey: ["dashboard"], queryFn: () => api<Dashboard>("/api/dashboard") });
  return (
    <Stack>
      <Title order={1}>{t("dashboard.title")}</Title>
      <Text c="dimmed">{t("dashboard.intro", { name: me.user.name })}</Text>
      {dashboard.isPending && <Skeleton height={160} />}
      {dashboard.isError && (
        <Alert color="red" role="alert">
          {dashboard.error.message}
        </Alert>
      )}
      <MyPanelsCard />
      {dashboard.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {dashboard.data.erns.map((ern) => (
            <ErnCard key={ern.code} ern={ern} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
