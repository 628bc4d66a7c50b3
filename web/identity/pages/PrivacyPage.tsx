import { Anchor, List, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CardPage } from "../Frame.tsx";

export function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <CardPage width={720}>
      <Stack>
        <Title order={2}>{t("privacy.title")}</Title>
        <Text>
          OpenCPMS Login is the sign-in service of OpenCPMS, the platform where healthcare professionals of the European Reference Networks discuss patients
          with rare diseases. To give you an account it processes, under the General Data Protection Regulation (GDPR):
        </Text>
        <List>
          <List.Item>your first name, last name, e-mail address and e-mail language, to identify you and write to you;</List.Item>
          <List.Item>a hash of your password (never the password itself) and, later, the second factors you set up;</List.Item>
          <List.Item>a log of sign-ins and account changes (time, IP address, browser), kept to protect your account and patients' data.</List.Item>
        </List>
        <Text>
          Applications you sign in to through OpenCPMS Login receive your name and e-mail address. Nothing is sold or used for advertising. You may ask the
          operator of this installation to see, correct or delete your data.
        </Text>
        <Anchor component={Link} to="/register">
          ← {t("register.title")}
        </Anchor>
      </Stack>
    </CardPage>
  );
}
