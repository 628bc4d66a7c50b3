/* The gear at the top right: "My Account", "Administration" for administrators of the sign-in service, and "Sign out". */
import { ActionIcon, Menu } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api } from "../../ui/api.ts";

export function AccountMenu({ user }: { user: { firstName: string; lastName: string; isAdmin?: boolean } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = async () => {
    await api("/api/sign-out", { method: "POST" });
    // Leave first: pages that need a session would otherwise redirect on their own, with a returnTo.
    navigate("/login");
    queryClient.removeQueries({ queryKey: ["account"] });
    queryClient.removeQueries({ queryKey: ["admin"] });
    await queryClient.invalidateQueries({ queryKey: ["session"] });
  };
  return (
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
        <Menu.Item onClick={() => navigate("/account")}>{t("home.myAccount")}</Menu.Item>
        {user.isAdmin && <Menu.Item onClick={() => navigate("/admin")}>{t("admin.title")}</Menu.Item>}
        <Menu.Item onClick={signOut}>{t("home.signOut")}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
