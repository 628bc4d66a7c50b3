/*
 * A link into the OpenCPMS Authenticator (initialisation, or a sign-in
 * question) as a QR code to scan, and the same link as text to copy into
 * the app when the phone cannot scan the screen (or the app is on this
 * computer).
 */
import { Button, CopyButton, Image, Stack, TextInput } from "@mantine/core";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

export function AppLinkCode({ link }: { link: string }) {
  const { t } = useTranslation();
  const [image, setImage] = useState<string | null>(null);

  useEffect(() => {
    let isCurrent = true;
    QRCode.toDataURL(link, { errorCorrectionLevel: "M", margin: 2, width: 240 }).then((url) => {
      if (isCurrent) setImage(url);
    });
    return () => {
      isCurrent = false;
    };
  }, [link]);

  return (
    <Stack gap="sm">
      {image && <Image src={image} alt={t("mobileApp.qrAlt")} w={240} h={240} />}
      <TextInput
        label={t("mobileApp.linkLabel")}
        value={link}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
        rightSectionWidth={90}
        rightSection={
          <CopyButton value={link}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="light" onClick={copy}>
                {copied ? t("mobileApp.copied") : t("mobileApp.copy")}
              </Button>
            )}
          </CopyButton>
        }
      />
    </Stack>
  );
}
