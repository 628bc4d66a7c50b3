/*
 * "Create a password" from the mailed link: the link is checked first (an
 * expired or used one says so and offers a new one), then the password is
 * typed twice under the live policy meter.
 */
import { Alert, Button, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError, api } from "../../ui/api.ts";
import { CardPage } from "../Frame.tsx";
import { useSettings } from "../session.ts";
import { NewPasswordFields } from "./NewPasswordFields.tsx";
import { RequestLinkForm } from "./RequestLinkForm.tsx";

type LinkInfo = { purpose: "create" | "reset"; email: string; firstName: string; lastName: string };

export function SetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const settings = useSettings();
  const link = useQuery({ queryKey: ["link", token], queryFn: () => api<LinkInfo>("/api/password/link/check", { body: { token } }) });
  const [password, setPassword] = useState("");
  const [confirmPassword, setConfirmPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (link.isPending || settings.isPending) return <CardPage>{null}</CardPage>;

  if (link.error) {
    return (
      <CardPage>
        <Stack>
          <Title order={2}>{t("password.newLinkTitle")}</Title>
          <Alert color="red" role="alert">
            {link.error.message}
          </Alert>
          <RequestLinkForm />
        </Stack>
      </CardPage>
    );
  }

  const info = link.data;
  if (done && info) {
    return (
      <CardPage>
        <Stack>
          <Title order={2}>{t("password.doneTitle")}</Title>
          <Alert color="green" role="status">
            {done}
          </Alert>
          <Button onClick={() => navigate(`/login?email=${encodeURIComponent(info.email)}`)}>{t("password.continue")}</Button>
        </Stack>
      </CardPage>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setDone((await api<{ message: string }>("/api/password", { body: { token, password, confirmPassword } })).message);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  return (
    <CardPage>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2}>{info?.purpose === "reset" ? t("password.resetTitle") : t("password.createTitle")}</Title>
          <Text size="sm" c="dimmed">
            {t("password.for", { email: info?.email })}
          </Text>
          {error && !Object.keys(error.fieldErrors).length && (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          )}
          <NewPasswordFields
            value={{ password, confirmPassword }}
            onChange={(value) => {
              setPassword(value.password);
              setConfirmPassword(value.confirmPassword);
            }}
            error={error}
            onError={setError}
            minLength={settings.data?.passwordMinLength ?? 10}
            personal={info ?? {}}
            autoFocus
          />
          <Button type="submit" loading={busy}>
            {t("password.submit")}
          </Button>
        </Stack>
      </form>
    </CardPage>
  );
}
