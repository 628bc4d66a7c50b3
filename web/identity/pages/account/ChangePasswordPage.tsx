/* "Change password": the new password twice under the live policy meter; a recent sign-in is confirmed first if needed. */
import { Alert, Button, PasswordInput, Stack } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../ui/api.ts";
import { useSession, useSettings } from "../../session.ts";
import { PasswordStrength } from "../PasswordStrength.tsx";
import { AccountFrame } from "./AccountFrame.tsx";
import { useProtectedAction } from "./Reauthenticate.tsx";

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const session = useSession();
  const settings = useSettings();
  const { run, dialog } = useProtectedAction();
  const [password, setPassword] = useState("");
  const [confirmPassword, setConfirmPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const answer = await run(() => api<{ message: string }>("/api/account/password", { body: { password, confirmPassword } }));
      setDone(answer.message);
      setPassword("");
      setConfirmPassword("");
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    }
  };

  return (
    <AccountFrame title={t("account.changePassword")}>
      {dialog}
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && !Object.keys(error.fieldErrors).length && (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          )}
          <PasswordInput
            label={t("password.new")}
            autoComplete="new-password"
            value={password}
            onChange={(event) => {
              setPassword(event.currentTarget.value);
              setError(error?.without("password") ?? null);
            }}
            error={error?.fieldErrors.password}
            required
          />
          <PasswordStrength password={password} minLength={settings.data?.passwordMinLength ?? 10} personal={session.data?.user ?? {}} />
          <PasswordInput
            label={t("password.confirm")}
            autoComplete="new-password"
            value={confirmPassword}
            onChange={(event) => {
              setConfirmPassword(event.currentTarget.value);
              setError(error?.without("confirmPassword") ?? null);
            }}
            error={error?.fieldErrors.confirmPassword}
            required
          />
          <Button type="submit">{t("account.changePassword")}</Button>
        </Stack>
      </form>
    </AccountFrame>
  );
}
