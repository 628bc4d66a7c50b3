import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { AccountFrame } from "./AccountFrame.tsx";

export function MobileDevicesPage() {
  const { t } = useTranslation();
  return (
    <AccountFrame title={t("account.mobileDevices")}>
      <Text>{t("account.mobileDevicesSoon")}</Text>
    </AccountFrame>
  );
}
