/* "Change password": the new password twice under the live policy meter; a recent sign-in is confirmed first if needed. */
import { Alert, Button, Stack } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../ui/api.ts";
import { useSession, useSettings } from "../../session.ts";
import { NewPasswordFields } from "../NewPasswordFields.tsx";
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
          <NewPasswordFields
            value={{ password, confirmPassword }}
            onChange={(value) => {
              setPassword(value.password);
              setConfirmPassword(value.confirmPassword);
            }}
            error={error}
            onError={setError}
            minLength={settings.data?.passwordMinLength ?? 10}
            personal={session.data?.user ?? {}}
          />
          <Button type="submit">{t("account.changePassword")}</Button>
        </Stack>
      </form>
    </AccountFrame>
  );
}
