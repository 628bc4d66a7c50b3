/*
 * "New password" with the live policy meter, and "Confirm new password".
 * Editing a field clears the server's message about it.
 */
import { PasswordInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PersonalData } from "../../../src/identity/accounts/password-policy.ts";
import type { ApiError } from "../../ui/api.ts";
import { PasswordStrength } from "./PasswordStrength.tsx";

export type NewPasswordValue = { password: string; confirmPassword: string };

export function NewPasswordFields({
  value,
  onChange,
  error,
  onError,
  minLength,
  personal,
  autoFocus = false,
}: {
  value: NewPasswordValue;
  onChange: (value: NewPasswordValue) => void;
  error: ApiError | null;
  onError: (error: ApiError | null) => void;
  minLength: number;
  personal: PersonalData;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const edit = (field: keyof NewPasswordValue, text: string) => {
    onChange({ ...value, [field]: text });
    onError(error?.without(field) ?? null);
  };
  return (
    <>
      <PasswordInput
        label={t("password.new")}
        autoComplete="new-password"
        value={value.password}
        onChange={(event) => edit("password", event.currentTarget.value)}
        error={error?.fieldErrors.password}
        required
        autoFocus={autoFocus}
      />
      <PasswordStrength password={value.password} minLength={minLength} personal={personal} />
      <PasswordInput
        label={t("password.confirm")}
        autoComplete="new-password"
        value={value.confirmPassword}
        onChange={(event) => edit("confirmPassword", event.currentTarget.value)}
        error={error?.fieldErrors.confirmPassword}
        required
      />
    </>
  );
}
