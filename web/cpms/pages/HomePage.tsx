/*
 * "/": signed out, the CPMS home page as the CPMS guide shows it (what CPMS
 * is, supported browsers, Secure Login); signed in, the Global Dashboard.
 */
import { Grid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { GlobalDashboard } from "../dashboard/GlobalDashboard.tsx";
import { CpmsFrame } from "../Frame.tsx";
import { SecureLogin } from "./SecureLogin.tsx";

function About() {
  const { t } = useTranslation();
  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <Title order={1}>{t("home.title")}</Title>
          <Text fw={600} size="lg">
            {t("home.tagline")}
          </Text>
          <Text>{t("home.p1")}</Text>
          <Text>{t("home.p2")}</Text>
          <Text>{t("home.p3")}</Text>
          <Text>{t("home.p4")}</Text>
          <Title order={2} size="h3">
            {t("home.browsersTitle")}
          </Title>
          <Text>{t("home.browsers")}</Text>
          <Text fs="italic" c="dimmed">
            {t("home.motto")}
          </Text>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <SecureLogin returnTo="/" />
      </Grid.Col>
    </Grid>
  );
}

export function HomePage() {
  return <CpmsFrame signedOut={<About />}>{(me) => <GlobalDashboard me={me} />}</CpmsFrame>;
}
