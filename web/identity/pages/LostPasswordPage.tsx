import { Anchor, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { CardPage } from "../Frame.tsx";
import { RequestLinkForm } from "./RequestLinkForm.tsx";

export function LostPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  return (
    <CardPage>
      <Stack>
        <Title order={2}>{t("password.lostTitle")}</Title>
        <Text size="sm">{t("password.lostIntro")}</Text>
        <RequestLinkForm initialEmail={params.get("email") ?? ""} />
        <Anchor component={Link} to="/login" size="sm">
          {t("password.backToSignIn")}
        </Anchor>
      </Stack>
    </CardPage>
  );
}
