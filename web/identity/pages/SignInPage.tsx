/*
 * Sign in as two screens, as the seed guide shows: "Sign in to continue" with
 * the e-mail and "Next"; then the password and "Choose your verification
 * method". The e-mail is remembered on the device ("Welcome back").
 */
import { Alert, Anchor, Button, Divider, PasswordInput, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, api } from "../../ui/api.ts";
import { goToReturnTo } from "../../ui/return-to.ts";
import { CardPage } from "../Frame.tsx";
import { useSession } from "../session.ts";
import { SecondFactorStep } from "./second-factor/SecondFactorStep.tsx";

type Method = { id: string; label: string };
type Step =
  | { kind: "email" }
  | { kind: "password"; email: string; methods: Method[] }
  | { kind: "second"; email: string; methods: Method[]; method: string; show: Record<string, unknown> };
type SignInAnswer = { done: boolean; method?: string; show?: Record<string, unknown> };

export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step | null>(null);
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const [method, setMethod] = useState("password");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (step || !session.data) return;
    const remembered = params.get("email") ?? session.data.rememberedEmail;
    if (!remembered) return setStep({ kind: "email" });
    // Ask which methods to offer for the remembered address (all of them, unless this browser knows the account).
    api<{ email: string; methods: Method[] }>("/api/sign-in/email", { body: { email: remembered } })
      .then((answer) => setStep({ kind: "password", email: answer.email, methods: answer.methods }))
      .catch(() => setStep({ kind: "email" }));
  }, [session.data, step, params]);

  const finish = async () => {
    await queryClient.invalidateQueries({ queryKey: ["session"] });
    goToReturnTo(navigate, params.get("returnTo"));
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };

  const submitEmail = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      const answer = await api<{ email: string; methods: Method[] }>("/api/sign-in/email", { body: { email } });
      setStep({ kind: "password", email: answer.email, methods: answer.methods });
    });
  };

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    if (step?.kind !== "password") return;
    run(async () => {
      // returnTo names the application being signed in to, which the OpenCPMS Authenticator shows.
      const returnTo = params.get("returnTo");
      const choice = returnTo ? { returnTo } : undefined;
      const answer = await api<SignInAnswer>("/api/sign-in", { body: { email: step.email, password, method, choice } });
      if (answer.done) return finish();
      setStep({ kind: "second", email: step.email, methods: step.methods, method: answer.method as string, show: answer.show ?? {} });
    });
  };

  const differentEmail = () =>
    run(async () => {
      await api("/api/sign-in/forget-email", { method: "POST" });
      setEmail("");
      setPassword("");
      setStep({ kind: "email" });
    });

  if (!step) return <CardPage>{null}</CardPage>;

  if (step.kind === "second") {
    return (
      <CardPage>
        <Stack>
          <Title order={2}>{t("signIn.welcomeBack")}</Title>
          <Text fw={600}>{step.email}</Text>
          <SecondFactorStep
            method={step.method}
            show={step.show}
            submit={async (answer) => {
              await api("/api/sign-in/second-factor", { body: { answer } });
              await finish();
            }}
            resend={async () => (await api<{ show: Record<string, unknown> }>("/api/sign-in/second-factor/resend", { body: {} })).show}
          />
          <Anchor component="button" type="button" size="sm" onClick={() => setStep({ kind: "password", email: step.email, methods: step.methods })}>
            {t("secondFactor.back")}
          </Anchor>
        </Stack>
      </CardPage>
    );
  }

  if (step.kind === "email") {
    return (
      <CardPage>
        <form onSubmit={submitEmail} noValidate>
          <Stack>
            <Title order={2}>{t("signIn.title")}</Title>
            <TextInput
              label={t("signIn.emailLabel")}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={error?.fieldErrors.email ?? (error && !Object.keys(error.fieldErrors).length ? error.message : undefined)}
              required
              autoFocus
            />
            <Button type="submit" loading={busy}>
              {t("signIn.next")}
            </Button>
            <Divider label={t("signIn.or")} />
            <Anchor component={Link} to="/register" ta="center">
              {t("signIn.createAccount")}
            </Anchor>
          </Stack>
        </form>
      </CardPage>
    );
  }

  return (
    <CardPage>
      <form onSubmit={submitPassword} noValidate>
        <Stack>
          <Title order={2}>{t("signIn.welcomeBack")}</Title>
          <div>
            <Text fw={600} data-testid="signin-email">
              {step.email}
            </Text>
            <Anchor component="button" type="button" size="sm" onClick={differentEmail}>
              {t("signIn.differentEmail")}
            </Anchor>
          </div>
          {error && (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          )}
          <PasswordInput
            label={t("signIn.password")}
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            required
            autoFocus
          />
          <Anchor component={Link} to={`/password/lost?email=${encodeURIComponent(step.email)}`} size="sm">
            {t("signIn.lostPassword")}
          </Anchor>
          <Select
            label={t("signIn.method")}
            data={step.methods.map((m) => ({ value: m.id, label: m.label }))}
            value={method}
            onChange={(value) => setMethod(value ?? "password")}
            allowDeselect={false}
          />
          <Button type="submit" loading={busy}>
            {t("signIn.submit")}
          </Button>
        </Stack>
      </form>
    </CardPage>
  );
}
