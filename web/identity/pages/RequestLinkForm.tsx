/* Asks for a new create-password or reset link by e-mail; the answer is the same for every address. */
import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../ui/api.ts";

export function RequestLinkForm({ initialEmail = "" }: { initialEmail?: string }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSent((await api<{ message: string }>("/api/password/link", { body: { email } })).message);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <Alert color="green" role="status">
        {sent}
      </Alert>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t("register.email")}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={error?.fieldErrors.email ?? (error && !Object.keys(error.fieldErrors).length ? error.message : undefined)}
          required
        />
        <Button type="submit" loading={busy}>
          {t("password.send")}
        </Button>
      </Stack>
    </form>
  );
}
