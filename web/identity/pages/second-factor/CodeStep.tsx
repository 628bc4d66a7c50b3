/*
 * A step where the user types a code: "Text message challenge code",
 * "Authenticator app code", "Recovery code". Its wording comes from `show`'s
 * method-specific texts, passed by the caller.
 */
import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../ui/api.ts";
import type { StepProps } from "./types.ts";

export function CodeStep({
  submit,
  resend,
  label,
  hint,
  canResend = false,
  inputMode = "text",
}: StepProps & { label: string; hint?: string; canResend?: boolean; inputMode?: "text" | "numeric" }) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await submit({ code });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  const again = async () => {
    setError(null);
    try {
      await resend();
      setNotice(t("secondFactor.resent"));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    }
  };

  return (
    <form onSubmit={send} noValidate>
      <Stack>
        {hint && <Text size="sm">{hint}</Text>}
        {notice && (
          <Alert color="blue" role="status">
            {notice}
          </Alert>
        )}
        <TextInput
          label={label}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setError(null);
          }}
          error={error?.message}
          autoComplete="one-time-code"
          inputMode={inputMode}
          required
          autoFocus
        />
        <Button type="submit" loading={busy}>
          {t("signIn.submit")}
        </Button>
        {canResend && (
          <Anchor component="button" type="button" size="sm" onClick={again}>
            {t("secondFactor.resend")}
          </Anchor>
        )}
      </Stack>
    </form>
  );
}
