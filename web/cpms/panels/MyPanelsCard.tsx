/*
 * "My panels" on the Global Dashboard: how many invitations wait for an
 * answer, how many panels are overdue and how many are open, each leading to
 * the list (the list's counts, whatever its first page shows).
 */
import { Anchor, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePanelList } from "./queries.ts";

function Figure({ label, value, to, alert }: { label: string; value: string; to: string; alert?: boolean }) {
  return (
    <Stack gap={0}>
      <Text size="xl" fw={700} c={alert ? "red" : undefined}>
        {value}
      </Text>
      <Anchor component={Link} to={to} size="sm">
        {label}
      </Anchor>
    </Stack>
  );
}

export function MyPanelsCard() {
  const { t } = useTranslation("panels");
  const all = usePanelList({ role: "all", status: null, page: 1 });
  const invited = usePanelList({ role: "invited", status: null, page: 1 });
  const overdueRows = all.data?.overdue ?? 0;
  const overdue = String(overdueRows);
  const active = all.data ? (all.data.counts.open ?? 0) + (all.data.counts.awaiting_outcome ?? 0) : 0;
  const invitations = invited.data?.total ?? 0;
  return (
    <Card withBorder shadow="xs" padding="lg" component="section" aria-labelledby="my-panels">
      <Stack>
        <Title order={2} size="h3" id="my-panels">
          {t("dashboard.title")}
        </Title>
        {(all.isPending || invited.isPending) && <Skeleton height={48} />}
        {(all.isError || invited.isError) && <Text c="red">{(all.error ?? invited.error)?.message}</Text>}
        {all.data && invited.data && (
          <SimpleGrid cols={3}>
            <Figure label={t("dashboard.invited")} value={String(invitations)} to="/panels?role=invited" alert={invitations > 0} />
            <Figure label={t("dashboard.overdue")} value={overdue} to="/panels" alert={overdueRows > 0} />
            <Figure label={t("dashboard.active")} value={String(active)} to="/panels" />
          </SimpleGrid>
        )}
        <Group>
          <Button component={Link} to="/panels" variant="light">
            {t("dashboard.open")}
          </Button>
          {invitations > 0 && (
            <Button component={Link} to="/panels?role=invited" variant="default">
              {t("dashboard.answer")}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
