/*
 * "Add a mobile device", as the seed guides show it: "Your device name",
 * "Your 4 digit PIN code" and "Confirm your PIN code" (digits only, masked),
 * "Submit" and "Cancel". The server checks the name and the PIN; each of its
 * messages goes next to the field it names.
 */
import { Alert, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../../ui/api.ts";
import type { RunProtected } from "../Reauthenticate.tsx";
import type { NewDevice } from "./types.ts";

type Field = "name" | "pin" | "pinConfirmation";

const digits = (value: string) => value.replace(/\D/g, "").slice(0, 4);

export function AddDeviceForm({ run, onAdded, onCancel }: { run: RunProtected; onAdded: (device: NewDevice) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>({ name: "", pin: "", pinConfirmation: "" });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onAdded(await run(() => api<NewDevice>("/api/account/mobile-devices", { body: values })));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Field, clean: (value: string) => string = (value) => value) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = clean(event.currentTarget.value);
      setValues((current) => ({ ...current, [name]: value }));
      setError(error?.without(name) ?? null);
    },
    error: error?.fieldErrors[name],
    required: true,
  });

  const pinField = { inputMode: "numeric" as const, pattern: "[0-9]*", maxLength: 4, autoComplete: "off" };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3}>{t("mobileDevices.add")}</Title>
        <Text size="sm">{t("mobileDevices.addHint")}</Text>
        {error && !Object.keys(error.fieldErrors).length && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput label={t("mobileDevices.name")} description={t("mobileDevices.nameHint")} maxLength={60} autoFocus {...field("name")} />
        <PasswordInput label={t("mobileDevices.pin")} description={t("mobileDevices.pinHint")} {...pinField} {...field("pin", digits)} />
        <PasswordInput label={t("mobileDevices.pinConfirmation")} {...pinField} {...field("pinConfirmation", digits)} />
        <Group>
          <Button type="submit" loading={busy}>
            {t("mobileDevices.submit")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("mobileDevices.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
