/*
 * "Security key or trusted platform": the browser asks the key or the
 * platform at once with the server's options, and the answer is sent. If the
 * browser's request is cancelled or times out, or the server refuses the
 * answer, the message says so and "Try again" asks once more.
 */
import { Alert, Button, Stack, Text } from "@mantine/core";
import { type PublicKeyCredentialRequestOptionsJSON, startAuthentication } from "@simplewebauthn/browser";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ceremonyMessage } from "../account/security-keys/ceremony.ts";
import type { StepProps } from "./types.ts";

export function WebAuthnStep({ show, submit }: StepProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef<unknown>(null);

  const ask = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const response = await startAuthentication({ optionsJSON: show as unknown as PublicKeyCredentialRequestOptionsJSON });
      await submit({ response });
    } catch (caught) {
      setError(ceremonyMessage(caught, t, "securityKeys.stepCancelled"));
    } finally {
      setBusy(false);
    }
  }, [show, submit, t]);

  useEffect(() => {
    // Once per challenge: a second call would cancel the first (and React may mount twice in development).
    if (asked.current === show) return;
    asked.current = show;
    ask();
  }, [show, ask]);

  return (
    <Stack>
      <Text size="sm">{t("securityKeys.stepHint")}</Text>
      {busy && (
        <Text size="sm" role="status">
          {t("securityKeys.stepWaiting")}
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Button onClick={ask} loading={busy}>
        {t("securityKeys.tryAgain")}
      </Button>
    </Stack>
  );
}
