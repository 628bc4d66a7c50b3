/*
 * "Add an application" (OpenID Connect): its name, where it receives the
 * sign-in and the end of a sign-out, its back-channel logout address, the
 * level it needs, whether it is public (no secret) and whether it calls
 * services on its own (client credentials). Addresses are typed one per
 * line; the server's message goes next to the field it is about.
 */
import { Alert, Button, Checkbox, Group, Select, Stack, Textarea, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../ui/api.ts";
import type { RunProtected } from "../account/Reauthenticate.tsx";
import { fieldError, isAboutNoField, withoutField } from "./field-errors.ts";
import { LEVELS, type NewSecret } from "./types.ts";

const FIELDS = ["name", "redirectUris", "postLogoutRedirectUris", "backchannelLogoutUri", "acr", "public", "clientCredentials"];

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export function AddApplicationForm({ run, onAdded, onCancel }: { run: RunProtected; onAdded: (added: NewSecret) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [redirectUris, setRedirectUris] = useState("");
  const [postLogoutRedirectUris, setPostLogoutRedirectUris] = useState("");
  const [backchannelLogoutUri, setBackchannelLogoutUri] = useState("");
  const [acr, setAcr] = useState<string>("substantial");
  const [isPublic, setPublic] = useState(false);
  const [clientCredentials, setClientCredentials] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const edited = (field: string) => setError(withoutField(error, field));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        name,
        redirectUris: lines(redirectUris),
        postLogoutRedirectUris: lines(postLogoutRedirectUris),
        backchannelLogoutUri: backchannelLogoutUri.trim(),
        acr,
        public: isPublic,
        clientCredentials,
      };
      onAdded(await run(() => api<NewSecret>("/api/admin/clients", { body })));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={4}>{t("admin.addClient")}</Title>
        {error && isAboutNoField(error, FIELDS) && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput
          label={t("admin.name")}
          description={t("admin.clientNameHint")}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            edited("name");
          }}
          error={fieldError(error, "name")}
          maxLength={100}
          required
          autoFocus
        />
        <Textarea
          label={t("admin.redirectUris")}
          description={t("admin.redirectUrisHint")}
          placeholder="https://app.hospital.eu/auth/callback"
          value={redirectUris}
          onChange={(event) => {
            setRedirectUris(event.currentTarget.value);
            edited("redirectUris");
          }}
          error={fieldError(error, "redirectUris")}
          autosize
          minRows={2}
        />
        <Textarea
          label={t("admin.postLogoutRedirectUris")}
          description={t("admin.postLogoutRedirectUrisHint")}
          placeholder="https://app.hospital.eu/"
          value={postLogoutRedirectUris}
          onChange={(event) => {
            setPostLogoutRedirectUris(event.currentTarget.value);
            edited("postLogoutRedirectUris");
          }}
          error={fieldError(error, "postLogoutRedirectUris")}
          autosize
          minRows={1}
        />
        <TextInput
          label={t("admin.backchannelLogoutUri")}
          description={t("admin.backchannelLogoutUriHint")}
          placeholder="https://app.hospital.eu/auth/backchannel-logout"
          value={backchannelLogoutUri}
          onChange={(event) => {
            setBackchannelLogoutUri(event.currentTarget.value);
            edited("backchannelLogoutUri");
          }}
          error={fieldError(error, "backchannelLogoutUri")}
        />
        <Select
          label={t("admin.level")}
          description={t("admin.clientLevelHint")}
          data={LEVELS.map((level) => ({ value: level, label: t(`admin.levels.${level}`) }))}
          value={acr}
          onChange={(value) => {
            if (value) setAcr(value);
            edited("acr");
          }}
          error={fieldError(error, "acr")}
          allowDeselect={false}
        />
        <Checkbox
          label={t("admin.public")}
          description={t("admin.publicHint")}
          checked={isPublic}
          onChange={(event) => {
            setPublic(event.currentTarget.checked);
            edited("public");
            edited("clientCredentials");
          }}
        />
        <Checkbox
          label={t("admin.clientCredentials")}
          description={t("admin.clientCredentialsHint")}
          checked={clientCredentials}
          onChange={(event) => {
            setClientCredentials(event.currentTarget.checked);
            edited("clientCredentials");
          }}
          error={fieldError(error, "clientCredentials")}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t("admin.submitClient")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("admin.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
