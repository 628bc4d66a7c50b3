/*
 * "Create an account", as the seed guide shows it: names, e-mail twice,
 * e-mail language, the code (image with an audio alternative), the privacy
 * statement checkbox. Each server message is shown next to its field.
 */
import { ActionIcon, Alert, Anchor, Button, Checkbox, Group, Image, Select, Stack, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api } from "../../ui/api.ts";
import { CardPage } from "../Frame.tsx";
import { useSettings } from "../session.ts";
import { EMAIL_LANGUAGES } from "../../../src/identity/accounts/languages.ts";

type Captcha = { id: string; image: string; audio: string };

export function RegisterPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  const [form, setForm] = useState({ firstName: "", lastName: "", email: "", confirmEmail: "", language: "en", captchaAnswer: "", privacyAccepted: false });
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);
  const captchaOn = settings.data?.captcha ?? false;

  const newCaptcha = useCallback(async () => {
    setCaptcha(await api<Captcha>("/api/captcha", { method: "POST" }));
    setForm((current) => ({ ...current, captchaAnswer: "" }));
  }, []);

  useEffect(() => {
    if (captchaOn) newCaptcha();
  }, [captchaOn, newCaptcha]);

  const field = (name: keyof typeof form) => ({
    value: form[name] as string,
    onChange: (event: { currentTarget: { value: string } }) => {
      setForm({ ...form, [name]: event.currentTarget.value });
      setError(error?.without(name === "captchaAnswer" ? "captcha" : name) ?? null);
    },
    error: error?.fieldErrors[name],
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ message: string }>("/api/accounts", {
        body: { ...form, captchaId: captcha?.id, captchaAnswer: captchaOn ? form.captchaAnswer : undefined },
      });
      setDone(answer.message);
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {});
      setError(apiError);
      // A code is good for one try, right or wrong.
      if (captchaOn && (apiError.fieldErrors.captcha || apiError.status === 400)) await newCaptcha();
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <CardPage>
        <Stack>
          <Title order={2}>{t("register.doneTitle")}</Title>
          <Alert color="green" role="status">
            {done}
          </Alert>
          <Text size="sm">{t("register.doneHint", { minutes: settings.data?.passwordLinkTtlMinutes ?? 30 })}</Text>
          <Anchor component={Link} to="/password/lost">
            {t("password.newLinkTitle")}
          </Anchor>
        </Stack>
      </CardPage>
    );
  }

  return (
    <CardPage width={520}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group justify="space-between" align="baseline">
            <Title order={2}>{t("register.title")}</Title>
            <Anchor component={Link} to="/privacy" size="sm">
              {t("register.help")}
            </Anchor>
          </Group>
          <Text size="sm" c="dimmed">
            {t("register.intro")}
          </Text>
          {error && !Object.keys(error.fieldErrors).length && (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          )}
          <TextInput label={t("register.firstName")} autoComplete="given-name" required {...field("firstName")} />
          <TextInput label={t("register.lastName")} autoComplete="family-name" required {...field("lastName")} />
          <TextInput label={t("register.email")} type="email" autoComplete="email" required {...field("email")} />
          <TextInput label={t("register.confirmEmail")} type="email" autoComplete="email" required {...field("confirmEmail")} />
          <Select
            label={t("register.language")}
            data={EMAIL_LANGUAGES.map(({ code, label }) => ({ value: code, label }))}
            value={form.language}
            onChange={(value) => setForm({ ...form, language: value ?? "en" })}
            allowDeselect={false}
            searchable
            error={error?.fieldErrors.language}
          />
          {captchaOn && (
            <Stack gap={6}>
              {captcha && (
                <>
                  <Image
                    src={captcha.image}
                    alt={t("register.captchaAlt")}
                    w={200}
                    h={60}
                    radius="sm"
                    style={{ border: "1px solid var(--mantine-color-gray-4)" }}
                  />
                  <audio ref={audio} src={captcha.audio} preload="none">
                    <track kind="captions" />
                  </audio>
                </>
              )}
              <Group gap="xs" align="end" wrap="nowrap">
                <TextInput
                  label={t("register.code")}
                  autoComplete="off"
                  required
                  style={{ flex: 1 }}
                  {...field("captchaAnswer")}
                  error={error?.fieldErrors.captcha}
                />
                <Tooltip label={t("register.newCode")}>
                  <ActionIcon variant="default" size="lg" aria-label={t("register.newCode")} onClick={newCaptcha} mb={error?.fieldErrors.captcha ? 26 : 0}>
                    ↻
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t("register.listen")}>
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label={t("register.listen")}
                    onClick={() => audio.current?.play()}
                    mb={error?.fieldErrors.captcha ? 26 : 0}
                  >
                    ▶
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Stack>
          )}
          <Checkbox
            checked={form.privacyAccepted}
            onChange={(event) => setForm({ ...form, privacyAccepted: event.currentTarget.checked })}
            error={error?.fieldErrors.privacyAccepted}
            label={
              <>
                {t("register.privacy")}{" "}
                <Anchor component={Link} to="/privacy" target="_blank">
                  {t("register.privacyLink")}
                </Anchor>
              </>
            }
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t("register.submit")}
            </Button>
          </Group>
          <Anchor component={Link} to="/login" size="sm">
            {t("register.haveAccount")}
          </Anchor>
        </Stack>
      </form>
    </CardPage>
  );
}
