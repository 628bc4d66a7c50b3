import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { AccountFrame } from "./AccountFrame.tsx";

export function AuthenticatorAppsPage() {
  const { t } = useTranslation();
  return (
    <AccountFrame title={t("account.authenticatorApps")}>
      <Text>{t("account.soon")}</Text>
    </AccountFrame>
  );
}
