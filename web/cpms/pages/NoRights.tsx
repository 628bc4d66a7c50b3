/* Signed in without a granted CPMS right: why CPMS stays closed, and where to request authorisation. */
import { Alert, Anchor, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSettings } from "../session.ts";

export function NoRights() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <Stack maw={720}>
      <Title order={1}>{t("noRights.title")}</Title>
      <Alert color="yellow" role="status">
        <Text>{t("noRights.text")}</Text>
      </Alert>
      <Text>{t("noRights.how")}</Text>
      {settings.data && (
        <Text>
          {t("login.requestAuthorisation")} <Anchor href={`${settings.data.accessUrl}/`}>{t("login.clickHere")}</Anchor>
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {t("noRights.afterApproval")}
      </Text>
    </Stack>
  );
}
