/*
 * Changing the password or a verification method needs a recent sign-in
 * and, once the account has a second factor, a session that used one.
 * `useProtectedAction` runs an action; if the server answers
 * "reauthentication_required", it asks for the password in a dialog and
 * runs the action again; if it answers "step_up_required", it sends the user
 * to confirm with a second factor and back to this page.
 */
import { Alert, Button, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError, api } from "../../../ui/api.ts";

export type RunProtected = <T>(action: () => Promise<T>) => Promise<T>;

export function useProtectedAction(): { run: RunProtected; dialog: ReactNode } {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const pending = useRef<{ resolve: () => void; reject: (error: unknown) => void } | null>(null);
  const navigate = useNavigate();

  const askPassword = () =>
    new Promise<void>((resolve, reject) => {
      pending.current = { resolve, reject };
      setPassword("");
      setError(null);
      setOpen(true);
    });

  const run = async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "step_up_required") {
        navigate(`/step-up?acr=substantial&returnTo=${encodeURIComponent(window.location.pathname)}`);
      }
      if (!(caught instanceof ApiError) || caught.code !== "reauthentication_required") throw caught;
      await askPassword();
      return action();
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api("/api/session/reauthenticate", { body: { password } });
      setOpen(false);
      pending.current?.resolve();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
    }
  };

  const cancel = () => {
    setOpen(false);
    pending.current?.reject(new ApiError(401, t("account.reauthCancelled"), {}));
  };

  const dialog = (
    <Modal opened={isOpen} onClose={cancel} title={t("account.reauthTitle")} centered>
      <form onSubmit={confirm} noValidate>
        <Stack>
          <Text size="sm">{t("account.reauthHint")}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <PasswordInput
            label={t("signIn.password")}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            autoComplete="current-password"
            autoFocus
            required
          />
          <Button type="submit">{t("account.reauthConfirm")}</Button>
        </Stack>
      </form>
    </Modal>
  );
  return { run, dialog };
}
