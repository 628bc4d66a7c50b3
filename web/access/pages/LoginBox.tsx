/* "Login to the authorisation system": a password is enough; "Login" comes back to the page it was pressed on. */
import { Anchor, Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { loginHref, useSettings } from "../session.ts";

export function LoginBox({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <Paper withBorder shadow="xs" p="xl" maw={480} mx="auto" component="section" aria-labelledby="login-heading">
      <Stack>
        <Title order={2} id="login-heading">
          {t("login.heading")}
        </Title>
        <Text>{t("login.text")}</Text>
        <Button component="a" href={loginHref(returnTo)} size="md">
          {t("login.button")}
        </Button>
        {settings.data && (
          <Text size="sm">
            {t("login.noAccount")} <Anchor href={`${settings.data.identityUrl}/register`}>{t("login.createAccount")}</Anchor>
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
