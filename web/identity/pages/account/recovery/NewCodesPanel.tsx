/*
 * The ten new recovery codes, shown once: "Copy", "Download" (a .txt file)
 * and "I have saved these codes" before leaving, since they cannot be shown
 * again.
 */
import { Alert, Button, Checkbox, Code, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function NewCodesPanel({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [isSaved, setSaved] = useState(false);
  const [copyNotice, setCopyNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const asText = `${t("recovery.fileTitle", { email })}\n\n${codes.join("\n")}\n\n${t("recovery.fileHint")}\n`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(asText);
      setCopyNotice({ ok: true, text: t("recovery.copied") });
    } catch {
      setCopyNotice({ ok: false, text: t("recovery.copyFailed") });
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([asText], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "opencpms-login-recovery-codes.txt";
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };

  return (
    <Stack>
      <Alert color="orange" role="status" title={t("recovery.newTitle")}>
        {t("recovery.newHint")}
      </Alert>
      <SimpleGrid cols={2} data-testid="recovery-codes" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {codes.map((code) => (
          <li key={code}>
            <Code fz="lg">{code}</Code>
          </li>
        ))}
      </SimpleGrid>
      <Group>
        <Button variant="light" onClick={copy}>
          {t("recovery.copy")}
        </Button>
        <Button variant="light" onClick={download}>
          {t("recovery.download")}
        </Button>
      </Group>
      {copyNotice && (
        <Text size="sm" c={copyNotice.ok ? "green" : "red"} role="status">
          {copyNotice.text}
        </Text>
      )}
      <Checkbox label={t("recovery.saved")} checked={isSaved} onChange={(event) => setSaved(event.currentTarget.checked)} />
      <Group>
        <Button disabled={!isSaved} onClick={onDone}>
          {t("recovery.done")}
        </Button>
      </Group>
    </Stack>
  );
}
