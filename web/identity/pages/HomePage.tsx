/* The signed-in home: who is signed in and how, with the gear (account) menu top right. */
import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { api } from "../../ui/api.ts";
import { CardPage } from "../Frame.tsx";
import { useSession } from "../session.ts";
import { AccountMenu } from "./AccountMenu.tsx";

/** How the session was signed in, in the words of "Choose your verification method" (amr, RFC 8176). */
function describeAmr(amr: string[]): string {
  const has = (method: string) => amr.includes(method);
  const names: string[] = [];
  if (has("pwd")) names.push("Password");
  // The OpenCPMS Authenticator proves its PIN with its key (PIN Code) or in its 8-digit code (QR Code),
  // or approves with the phone's fingerprint or face ("mca": the phone is a second channel).
  if (has("pin")) names.push(has("otp") ? "Mobile App QR Code" : "Mobile App PIN Code");
  else if (has("mca")) names.push("Mobile App fingerprint or face");
  else {
    if (has("sms")) names.push("Mobile + SMS");
    if (has("otp")) names.push("Authenticator app or recovery code");
    if (has("hwk")) names.push("Security key");
    if (has("swk")) names.push("Trusted platform or passkey");
  }
  return names.join(" + ");
}

export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const applications = useQuery({
    queryKey: ["applications"],
    queryFn: () => api<{ applications: { name: string; url: string }[] }>("/api/applications"),
  });

  if (session.isPending) return <CardPage>{null}</CardPage>;
  const user = session.data?.user;
  if (!user) return <Navigate to="/login" replace />;

  return (
    <CardPage width={560} right={<AccountMenu user={user} />}>
      <Stack>
        <Title order={2}>{t("home.welcome", { name: user.firstName })}</Title>
        <Text>{t("home.signedIn", { email: user.email })}</Text>
        <Text size="sm" c="dimmed" data-testid="sign-in-how">
          {t("home.how", {
            methods: describeAmr(session.data?.amr ?? []),
            acr: session.data?.acr,
          })}
        </Text>
        <Text size="sm">{t("home.next")}</Text>
        {!!applications.data?.applications.length && (
          <Stack gap={4}>
            <Text fw={600}>{t("home.applications")}</Text>
            <Group>
              {applications.data.applications.map((application) => (
                <Anchor key={application.url} href={application.url}>
                  {application.name}
                </Anchor>
              ))}
            </Group>
          </Stack>
        )}
      </Stack>
    </CardPage>
  );
}
