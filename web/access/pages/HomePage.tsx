/*
 * Home. Signed out: what the authorisation system is, and "Login to the
 * authorisation system". Signed in: the user's requests and rights with
 * their status, and "Request access".
 */
import { Button, Group, List, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AccessFrame } from "../Frame.tsx";
import { MyRights } from "../rights/MyRights.tsx";
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

export function HomePage() {
  const { t } = useTranslation();
  return (
    <AccessFrame signedOut={<Welcome />}>
      {() => (
        <Stack>
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
