/* The signed-in home: who is signed in and how, with the gear (account) menu top right. */
import { ActionIcon, Menu, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate } from "react-router";
import { api } from "../../ui/api.ts";
import { CardPage } from "../Frame.tsx";
import { useSession } from "../session.ts";

const METHOD_NAMES: Record<string, string> = { pwd: "Password" };

export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  if (session.isPending) return <CardPage>{null}</CardPage>;
  const user = session.data?.user;
  if (!user) return <Navigate to="/login" replace />;

  const signOut = async () => {
    await api("/api/sign-out", { method: "POST" });
    await queryClient.invalidateQueries({ queryKey: ["session"] });
    navigate("/login");
  };

  const gear = (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" size="lg" aria-label={t("home.accountMenu")}>
          <span aria-hidden style={{ fontSize: 22 }}>
            ⚙
          </span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{`${user.firstName} ${user.lastName}`}</Menu.Label>
        <Menu.Item disabled>{t("home.myAccount")}</Menu.Item>
        <Menu.Item onClick={signOut}>{t("home.signOut")}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );

  return (
    <CardPage width={560} right={gear}>
      <Stack>
        <Title order={2}>{t("home.welcome", { name: user.firstName })}</Title>
        <Text>{t("home.signedIn", { email: user.email })}</Text>
        <Text size="sm" c="dimmed" data-testid="sign-in-how">
          {t("home.how", { methods: session.data?.amr.map((m) => METHOD_NAMES[m] ?? m).join(" + "), acr: session.data?.acr })}
        </Text>
        <Text size="sm">{t("home.next")}</Text>
      </Stack>
    </CardPage>
  );
}
