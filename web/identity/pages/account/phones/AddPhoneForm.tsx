/* "Add a mobile phone number": the number in international format; "Add" texts a challenge code to it. */
import { Alert, Button, Group, Stack, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { RunProtected } from "../Reauthenticate.tsx";
import type { Phone } from "./types.ts";

export function AddPhoneForm({ run, onAdded, onCancel }: { run: RunProtected; onAdded: (phone: Phone) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await run(() => api<{ phone: Phone }>("/api/account/phones", { body: { number } }));
      onAdded(answer.phone);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3}>{t("phones.add")}</Title>
        {error && !error.fieldErrors.number && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput
          label={t("phones.number")}
          description={t("phones.numberHint")}
          type="tel"
          autoComplete="tel"
          placeholder="+32123456789"
          value={number}
          onChange={(event) => {
            setNumber(event.currentTarget.value);
            setError(error?.without("number") ?? null);
          }}
          error={error?.fieldErrors.number}
          required
          autoFocus
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t("phones.submitAdd")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("phones.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
