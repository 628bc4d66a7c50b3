/*
 * "Enrol a patient" in an ERN: the consent for care comes first — given,
 * its date, the signed form — and the page says why: no clinical data can
 * be recorded before it. The healthcare provider is one where the user is
 * HP in that ERN; the local hospital number stays visible to them alone.
 * Once enrolled (CPMS issues the pseudonym), the record's sections open.
 */
import { Alert, Anchor, Button, Checkbox, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { FileField } from "../FileField.tsx";
import { today } from "../format.ts";
import { enrollingProviders, useMemberships } from "../memberships.ts";
import { PatientsFrame } from "../PatientsFrame.tsx";
import { patientKey } from "../queries.ts";

export function EnrolPage() {
  const { t } = useTranslation("patients");
  const [params] = useSearchParams();
  const ernCode = params.get("ern") ?? "";
  const memberships = useMemberships();
  const providers = enrollingProviders(memberships.data ?? [], ernCode);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [providerId, setProviderId] = useState<string | null>(null);
  const [localNumber, setLocalNumber] = useState("");
  const [given, setGiven] = useState(false);
  const [date, setDate] = useState(today());
  const [formFileId, setFormFileId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const chosenProvider = providerId ?? (providers.length === 1 ? providers[0].providerId : null);
  const fieldError = (field: string) => error?.fieldErrors[field];

  const enrol = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ patient: PatientView; message: string }>("/api/patients", {
        body: { ernCode, providerId: chosenProvider ?? "", localNumber, consent: { given, date, formFileId } },
      });
      queryClient.setQueryData(patientKey(answer.patient.id), { patient: answer.patient });
      void queryClient.invalidateQueries({ queryKey: ["patients"] });
      notifications.show({ color: "green", message: answer.message });
      navigate(`/patients/${answer.patient.id}?edit=1`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };

  const shownElsewhere =
    error &&
    !Object.keys(error.fieldErrors).some((field) => ["providerId", "localNumber", "consent.given", "consent.date", "consent.formFileId"].includes(field));
  return (
    <PatientsFrame>
      <Stack maw={760}>
        <Anchor component={Link} to={`/patients?ern=${encodeURIComponent(ernCode)}`} size="sm">
          {t("patient.backToList", { ern: ernCode })}
        </Anchor>
        <Title order={1} size="h2">
          {t("enrol.title", { ern: ernCode })}
        </Title>
        <Alert color="blue" title={t("enrol.consentFirstTitle")}>
          {t("enrol.consentFirst")}
        </Alert>
        {memberships.isPending && <Loader aria-label={t("loading")} />}
        {memberships.isError && (
          <Alert color="red" role="alert">
            {memberships.error.message}
          </Alert>
        )}
        {memberships.data && providers.length === 0 && (
          <Alert color="orange" role="alert">
            {t("enrol.notHp", { ern: ernCode })}
          </Alert>
        )}
        {providers.length > 0 && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void enrol();
            }}
          >
            <Stack>
              <Paper withBorder p="md" component="section" aria-label={t("enrol.consentTitle")}>
                <Title order={2} size="h4" mb="sm">
                  {t("enrol.consentTitle")}
                </Title>
                <Stack>
                  <Checkbox
                    label={t("enrol.given")}
                    checked={given}
                    error={fieldError("consent.given") ?? fieldError("consent")}
                    aria-invalid={!!(fieldError("consent.given") ?? fieldError("consent"))}
                    onChange={(event) => {
                      setGiven(event.currentTarget.checked);
                      setError((current) => current?.without("consent.given") ?? null);
                    }}
                  />
                  <TextInput
                    type="date"
                    label={t("enrol.date")}
                    required
                    value={date}
                    max={today()}
                    error={fieldError("consent.date")}
                    onChange={(event) => setDate(event.currentTarget.value)}
                  />
                  <FileField
                    label={t("enrol.form")}
                    description={t("enrol.formHelp")}
                    kind="consent_form"
                    error={fieldError("consent.formFileId")}
                    onUploaded={(file) => setFormFileId(file?.id ?? null)}
                  />
                </Stack>
              </Paper>
              <Paper withBorder p="md" component="section" aria-label={t("enrol.hcpTitle")}>
                <Title order={2} size="h4" mb="sm">
                  {t("enrol.hcpTitle")}
                </Title>
                <Stack>
                  {providers.length === 1 ? (
                    <Text size="sm">{t("enrol.hcpOne", { hcp: `${providers[0].providerCode} - ${providers[0].providerName}` })}</Text>
                  ) : (
                    <Select
                      label={t("enrol.hcp")}
                      required
                      value={providerId}
                      error={fieldError("providerId")}
                      data={providers.map((provider) => ({ value: provider.providerId, label: `${provider.providerCode} - ${provider.providerName}` }))}
                      onChange={setProviderId}
                    />
                  )}
                  <TextInput
                    label={t("enrol.localNumber")}
                    description={t("enrol.localNumberHelp")}
                    maxLength={64}
                    value={localNumber}
                    error={fieldError("localNumber")}
                    onChange={(event) => setLocalNumber(event.currentTarget.value)}
                  />
                </Stack>
              </Paper>
              {shownElsewhere && (
                <Alert color="red" role="alert">
                  {error.message}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={busy}>
                  {t("enrol.submit")}
                </Button>
                <Button variant="default" component={Link} to={`/patients?ern=${encodeURIComponent(ernCode)}`}>
                  {t("common.cancel")}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </PatientsFrame>
  );
}
