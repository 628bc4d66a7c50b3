/*
 * A client's credentials right after it was added or given a new secret:
 * the secret is shown only this once, in a box to copy, with a warning;
 * "Done" only after "I have stored the secret".
 */
import { Alert, Button, Checkbox, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { NewSecret } from "./types.ts";

function CopyableValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code fz="md" data-testid={testId} style={{ wordBreak: "break-all", flex: 1 }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} aria-label={t("admin.copyLabel", { label })}>
              {copied ? t("admin.copied") : t("admin.copy")}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

export function NewSecretPanel({ issued, onDone }: { issued: NewSecret; onDone: () => void }) {
  const { t } = useTranslation();
  const [isStored, setStored] = useState(false);
  return (
    <Stack>
      <Alert color="green" role="status">
        {issued.message}
      </Alert>
      <CopyableValue label={t("admin.clientId")} value={issued.client.clientId} testId="new-client-id" />
      {issued.clientSecret ? (
        <>
          <Alert color="orange" title={t("admin.secretWarningTitle")}>
            {t("admin.secretWarning")}
          </Alert>
          <CopyableValue label={t("admin.clientSecret")} value={issued.clientSecret} testId="new-client-secret" />
          <Checkbox label={t("admin.secretStored")} checked={isStored} onChange={(event) => setStored(event.currentTarget.checked)} />
        </>
      ) : (
        <Text size="sm">{t("admin.publicNoSecret")}</Text>
      )}
      <Group>
        <Button disabled={!!issued.clientSecret && !isStored} onClick={onDone}>
          {t("admin.done")}
        </Button>
      </Group>
    </Stack>
  );
}
