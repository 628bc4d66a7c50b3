/* "Add a CAS service": its name, the URL pattern of the addresses that may receive tickets, and the level it needs. */
import { Alert, Button, Group, Select, Stack, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../ui/api.ts";
import type { RunProtected } from "../account/Reauthenticate.tsx";
import { fieldError, isAboutNoField, withoutField } from "./field-errors.ts";
import { type CasService, LEVELS } from "./types.ts";

const FIELDS = ["name", "urlPattern", "acr"];

export function AddCasServiceForm({ run, onAdded, onCancel }: { run: RunProtected; onAdded: (message: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [urlPattern, setUrlPattern] = useState("");
  const [acr, setAcr] = useState<string>("substantial");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await run(() =>
        api<{ service: CasService; message: string }>("/api/admin/cas-services", { body: { name, urlPattern: urlPattern.trim(), acr } }),
      );
      onAdded(answer.message);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={4}>{t("admin.addService")}</Title>
        {error && isAboutNoField(error, FIELDS) && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput
          label={t("admin.name")}
          description={t("admin.serviceNameHint")}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(withoutField(error, "name"));
          }}
          error={fieldError(error, "name")}
          maxLength={100}
          required
          autoFocus
        />
        <TextInput
          label={t("admin.urlPattern")}
          description={t("admin.urlPatternHint")}
          placeholder="https://app.hospital.eu/cas/*"
          value={urlPattern}
          onChange={(event) => {
            setUrlPattern(event.currentTarget.value);
            setError(withoutField(error, "urlPattern"));
          }}
          error={fieldError(error, "urlPattern")}
          required
        />
        <Select
          label={t("admin.level")}
          description={t("admin.serviceLevelHint")}
          data={LEVELS.map((level) => ({ value: level, label: t(`admin.levels.${level}`) }))}
          value={acr}
          onChange={(value) => {
            if (value) setAcr(value);
            setError(withoutField(error, "acr"));
          }}
          error={fieldError(error, "acr")}
          allowDeselect={false}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t("admin.submitService")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("admin.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
