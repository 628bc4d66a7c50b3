import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { AccountFrame } from "./AccountFrame.tsx";

export function SecurityKeysPage() {
  const { t } = useTranslation();
  return (
    <AccountFrame title={t("account.securityKeys")}>
      <Text>{t("account.soon")}</Text>
    </AccountFrame>
  );
}
