/* "Secure Login": the login button, and the links to create an account and to request authorisation (CPMS guide, home page). */
import { Anchor, Button, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { loginHref, useSettings } from "../session.ts";

export function SecureLogin({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <Paper withBorder shadow="xs" p="xl" maw={420} component="section" aria-labelledby="login-heading">
      <Stack>
        <Title order={2} id="login-heading">
          {t("login.heading")}
        </Title>
        <Text>{t("login.text")}</Text>
        <Button component="a" href={loginHref(returnTo)} size="md">
          {t("login.button")}
        </Button>
        <List size="sm" spacing={6}>
          <List.Item>{t("login.onlyMembers")}</List.Item>
          <List.Item>{t("login.twoLevels")}</List.Item>
          {settings.data && (
            <>
              <List.Item>
                {t("login.account")} <Anchor href={`${settings.data.identityUrl}/register`}>{t("login.clickHere")}</Anchor>
              </List.Item>
              <List.Item>
                {t("login.requestAuthorisation")} <Anchor href={`${settings.data.accessUrl}/`}>{t("login.clickHere")}</Anchor>
              </List.Item>
            </>
          )}
        </List>
      </Stack>
    </Paper>
  );
}
