/*
 * "Add a security key or trusted platform": a name, then the browser's
 * ceremony with the server's options, then the answer saved. Asking for the
 * options may need the password again (useProtectedAction's `run`).
 */
import { Alert, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { startRegistration } from "@simplewebauthn/browser";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import { ceremonyMessage } from "./ceremony.ts";
import type { RunProtected } from "../Reauthenticate.tsx";

export function AddKey({ run, onAdded }: { run: RunProtected; onAdded: (message: string) => void }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { options } = await run(() => api<{ options: PublicKeyCredentialCreationOptionsJSON }>("/api/account/security-keys/options", { body: { name } }));
      const response = await startRegistration({ optionsJSON: options });
      const saved = await run(() => api<{ message: string }>("/api/account/security-keys", { body: { name, response } }));
      setOpen(false);
      setName("");
      onAdded(saved.message);
    } catch (caught) {
      const field = caught instanceof ApiError && caught.fieldErrors.name ? "name" : undefined;
      setError({ field, message: field ? (caught as ApiError).fieldErrors.name : ceremonyMessage(caught, t) });
    } finally {
      setBusy(false);
    }
  };

  if (!isOpen) {
    return (
      <Group>
        <Button onClick={() => setOpen(true)}>{t("securityKeys.add")}</Button>
      </Group>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error && !error.field && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput
          label={t("securityKeys.name")}
          description={t("securityKeys.nameHint")}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
          error={error?.field ? error.message : undefined}
          maxLength={60}
          required
          autoFocus
        />
        {busy && (
          <Text size="sm" role="status">
            {t("securityKeys.waiting")}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {t("securityKeys.next")}
          </Button>
          <Button variant="default" onClick={() => setOpen(false)} disabled={busy}>
            {t("securityKeys.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
