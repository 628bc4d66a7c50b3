/*
 * Home. Signed out: what the authorisation system is, and "Login to the
 * authorisation system". Signed in: the user's requests and rights with
 * their status, and "Request access"; for approvers, how many requests
 * wait for their decision.
 */
import { Alert, Button, Group, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ApprovalQueue } from "../../../src/access/contract.ts";
import { api } from "../../ui/api.ts";
import { DEFAULT_FILTERS, queueUrl } from "../approvals/query.ts";
import { AccessFrame } from "../Frame.tsx";
import { MyRights } from "../rights/MyRights.tsx";
import { useMe } from "../session.ts";
import { LoginBox } from "./LoginBox.tsx";

function Welcome() {
  const { t } = useTranslation();
  return (
    <Stack gap="xl">
      <Stack gap="xs" maw={720}>
        <Title order={1}>{t("home.title")}</Title>
        <Text>{t("home.intro")}</Text>
        <List size="sm" spacing={4}>
          <List.Item>{t("home.how1")}</List.Item>
          <List.Item>{t("home.how2")}</List.Item>
          <List.Item>{t("home.how3")}</List.Item>
        </List>
      </Stack>
      <LoginBox returnTo="/" />
    </Stack>
  );
}

/** For approvers: how many requests wait for them, with the way to Approvals. */
function WaitingForMe() {
  const { t } = useTranslation();
  const me = useMe();
  const queue = useQuery({
    queryKey: ["approvals", DEFAULT_FILTERS],
    queryFn: () => api<ApprovalQueue>(queueUrl(DEFAULT_FILTERS)),
    enabled: !!me.data?.approver,
  });
  if (!queue.data?.total) return null;
  const overdue = queue.data.rows.some((row) => row.overdue);
  return (
    <Alert color={overdue ? "red" : "blue"} title={t("home.waitingTitle", { count: queue.data.total })}>
      <Group justify="space-between">
        <Text size="sm">{t(overdue ? "home.waitingOverdue" : "home.waiting", { hours: queue.data.targetHours })}</Text>
        <Button component={Link} to="/approvals" size="xs" variant="light">
          {t("home.openApprovals")}
        </Button>
      </Group>
    </Alert>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  return (
    <AccessFrame signedOut={<Welcome />}>
      {() => (
        <Stack>
          <WaitingForMe />
          <Group justify="space-between">
            <Title order={2}>{t("home.myRights")}</Title>
            <Button component={Link} to="/request-access">
              {t("frame.requestAccess")}
            </Button>
          </Group>
          <MyRights />
        </Stack>
      )}
    </AccessFrame>
  );
}
