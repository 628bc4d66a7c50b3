/*
 * Step-up: a page (or an application) needs a higher assurance level than
 * the session has. The user confirms with one of their second factors —
 * without typing the password again — and goes back where they were.
 * /step-up?acr=substantial&returnTo=/somewhere
 * An application may accept only some methods (CAS's acceptStrengths):
 * `methods=sms,webauthn` offers only those.
 */
import { Alert, Anchor, Button, Select, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError, api } from "../../ui/api.ts";
import { goToReturnTo, safeReturnTo } from "../../ui/return-to.ts";
import { CardPage } from "../Frame.tsx";
import { SecondFactorStep } from "./second-factor/SecondFactorStep.tsx";

type Account = { user: { email: string }; session: { acr: string }; methods: { method: string; label: string; assurance: string; isSetUp: boolean }[] };

export function StepUpPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get("returnTo"));
  // Signing in to an application (OpenID Connect): "Cancel" tells it the user gave up.
  const forApplication = returnTo.startsWith("/oidc/") || returnTo.startsWith("/cas/");
  const cancel = returnTo.startsWith("/oidc/interaction/") ? `${returnTo.split("?")[0]}/abort` : null;
  const needs = params.get("acr") === "high" ? "high" : "substantial";
  const accepted = params.get("methods")?.split(",");
  const account = useQuery({ queryKey: ["account"], queryFn: () => api<Account>("/api/account") });
  const [method, setMethod] = useState<string | null>(null);
  const [challenge, setChallenge] = useState<{ method: string; show: Record<string, unknown> } | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (account.error instanceof ApiError && account.error.status === 401) return <Navigate to={`/login?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  if (!account.data) return <CardPage>{null}</CardPage>;
  // Only methods that reach the level asked for (a passkey for "high") and that the application accepts.
  const available = account.data.methods.filter(
    (m) => m.isSetUp && (needs === "substantial" || m.assurance === "high") && (!accepted || accepted.includes(m.method)),
  );

  const start = async () => {
    setError(null);
    try {
      const answer = await api<{ method: string; show: Record<string, unknown> }>("/api/session/step-up", { body: { method, choice: { returnTo } } });
      setChallenge(answer);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
    }
  };

  return (
    <CardPage>
      <Stack>
        <Title order={2}>{t("stepUp.title")}</Title>
        <Text size="sm">{t(forApplication ? "stepUp.introApplication" : "stepUp.intro")}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {available.length === 0 && <Alert color="yellow">{t("stepUp.none")}</Alert>}
        {!challenge && available.length > 0 && (
          <>
            <Select
              label={t("signIn.method")}
              data={available.map((m) => ({ value: m.method, label: m.label }))}
              value={method}
              onChange={setMethod}
              allowDeselect={false}
            />
            <Button onClick={start} disabled={!method}>
              {t("signIn.next")}
            </Button>
          </>
        )}
        {challenge && (
          <SecondFactorStep
            method={challenge.method}
            show={challenge.show}
            submit={async (answer) => {
              await api("/api/sign-in/second-factor", { body: { answer } });
              await queryClient.invalidateQueries();
              goToReturnTo(navigate, returnTo);
            }}
            resend={async () => (await api<{ show: Record<string, unknown> }>("/api/sign-in/second-factor/resend", { body: {} })).show}
          />
        )}
        {cancel && (
          <Anchor href={cancel} size="sm">
            {t("stepUp.cancel")}
          </Anchor>
        )}
      </Stack>
    </CardPage>
  );
}
