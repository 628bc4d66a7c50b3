/* "My Account": where a signed-in user manages their verification methods, password and history. */
import { NavLink, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AccountFrame } from "./AccountFrame.tsx";

const ENTRIES = [
  ["/account/phones", "account.phones"],
  ["/account/security-keys", "account.securityKeys"],
  ["/account/authenticator-apps", "account.authenticatorApps"],
  ["/account/mobile-devices", "account.mobileDevices"],
  ["/account/password", "account.changePassword"],
  ["/account/recovery-codes", "account.recoveryCodes"],
  ["/account/history", "account.history"],
] as const;

export function MyAccountPage() {
  const { t } = useTranslation();
  return (
    <AccountFrame title={t("home.myAccount")} back={false}>
      <Text size="sm">{t("account.intro")}</Text>
      <Stack gap={0}>
        {ENTRIES.map(([to, label]) => (
          <NavLink key={to} component={Link} to={to} label={t(label)} />
        ))}
      </Stack>
    </AccountFrame>
  );
}
