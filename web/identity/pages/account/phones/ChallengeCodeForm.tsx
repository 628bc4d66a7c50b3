/*
 * The "Text message challenge code" step of adding a number: "Finalise"
 * sends the code texted to it; "Send a new code" texts another one;
 * "Cancel" drops the number not yet verified.
 */
import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { RunProtected } from "../Reauthenticate.tsx";
import type { Phone } from "./types.ts";

export function ChallengeCodeForm({
  phone,
  run,
  onVerified,
  onCancel,
}: {
  phone: Phone;
  run: RunProtected;
  onVerified: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (action: () => Promise<void>) => {
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    }
  };

  const finalise = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await attempt(async () => {
      const answer = await run(() => api<{ message: string }>(`/api/account/phones/${phone.id}/verify`, { body: { code } }));
      onVerified(answer.message);
    });
    setBusy(false);
  };

  const resend = () =>
    attempt(async () => {
      const answer = await run(() => api<{ message: string }>(`/api/account/phones/${phone.id}/resend`, { method: "POST" }));
      setNotice(answer.message);
    });

  const cancel = async () => {
    await api(`/api/account/phones/${phone.id}`, { method: "DELETE" }).catch(() => undefined);
    onCancel();
  };

  // A message about the code goes next to the field; others (wait before a new code…) above the form.
  const codeError = error && (error.fieldErrors.code ?? (Object.keys(error.fieldErrors).length ? undefined : error.message));
  return (
    <form onSubmit={finalise} noValidate>
      <Stack>
        <Title order={3}>{t("phones.challengeTitle")}</Title>
        <Text size="sm">
          {t("phones.challengeHint")} {t("phones.challengeDelay")}
        </Text>
        <Text fw={600} data-testid="challenge-number">
          {t("phones.numberIs", { number: phone.number })}
        </Text>
        {notice && (
          <Alert color="blue" role="status">
            {notice}
          </Alert>
        )}
        <TextInput
          label={t("phones.code")}
          description={t("phones.codeHint")}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setError(null);
          }}
          error={codeError}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          required
          autoFocus
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t("phones.finalise")}
          </Button>
          <Button variant="default" onClick={cancel}>
            {t("phones.cancel")}
          </Button>
        </Group>
        <Anchor component="button" type="button" size="sm" onClick={resend}>
          {t("phones.resend")}
        </Anchor>
      </Stack>
    </form>
  );
}
