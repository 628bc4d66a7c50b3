/*
 * "Add an authenticator app": a name, then the QR code (and the key to type
 * when scanning is not possible) and the first 6-digit code, which confirms it.
 */
import { Alert, Button, Code, Group, Image, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { RunProtected } from "../Reauthenticate.tsx";
import type { NewApp } from "./types.ts";

export function AddAppForm({ run, onAdded, onCancel }: { run: RunProtected; onAdded: (message: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [app, setApp] = useState<NewApp | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    attempt(async () => setApp(await run(() => api<NewApp>("/api/account/authenticator-apps", { body: { name } }))));
  };

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!app) return;
    attempt(async () => {
      const answer = await run(() => api<{ message: string }>(`/api/account/authenticator-apps/${app.id}/confirm`, { body: { code } }));
      onAdded(answer.message);
    });
  };

  const summary = error && !Object.keys(error.fieldErrors).length && (
    <Alert color="red" role="alert">
      {error.message}
    </Alert>
  );

  if (!app) {
    return (
      <form onSubmit={create} noValidate>
        <Stack>
          <Text fw={600}>{t("totp.add")}</Text>
          {summary}
          <TextInput
            label={t("totp.name")}
            description={t("totp.nameHint")}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setError(error?.without("name") ?? null);
            }}
            error={error?.fieldErrors.name}
            maxLength={60}
            required
            autoFocus
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t("totp.next")}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t("totp.cancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }

  return (
    <form onSubmit={confirm} noValidate>
      <Stack>
        <Text fw={600}>{t("totp.scanTitle", { name: app.name })}</Text>
        <Text size="sm">{t("totp.scanHint")}</Text>
        <Image src={app.qrCode} alt={t("totp.qrAlt")} w={220} h={220} />
        <Text size="sm">{t("totp.keyHint")}</Text>
        <Code block data-testid="totp-secret" fz="lg">
          {app.secret}
        </Code>
        {summary}
        <TextInput
          label={t("totp.code")}
          description={t("totp.codeHint")}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setError(error?.without("code") ?? null);
          }}
          error={error?.fieldErrors.code}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          required
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t("totp.confirm")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("totp.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
