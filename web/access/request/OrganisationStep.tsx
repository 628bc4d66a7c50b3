/*
 * Step 2, "Select organisation". The seed FAQ's mistake — selecting only the
 * ERN (or the country) with the radio — does not go on to step 3: the step
 * says, next to the table, to "Open" the ERN, then the country, and select
 * the centre or "0000 Guest Access". The server refuses it too; its message
 * comes back here.
 */
import { Alert, Button, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../ui/api.ts";
import { OrganisationTable } from "./OrganisationTable.tsx";
import { StepButtons } from "./StepButtons.tsx";
import type { WizardState } from "./wizard-state.ts";

type Props = {
  state: WizardState;
  update: (change: Partial<WizardState>) => void;
  refusal: ApiError | null;
  onCancel: () => void;
  onBack: () => void;
  onNext: () => void;
};

function Guidance({ organisation }: { organisation: WizardState["organisation"] }) {
  const { t } = useTranslation();
  const text = !organisation
    ? t("request.guidanceNone")
    : organisation.kind === "ern"
      ? t("request.guidanceErn", { label: organisation.label })
      : t("request.guidanceCountry", { label: organisation.label });
  return (
    <Alert color="orange" role="alert" title={t("request.guidanceTitle")}>
      {text}
    </Alert>
  );
}

export function OrganisationStep({ state, update, refusal, onCancel, onBack, onNext }: Props) {
  const { t } = useTranslation();
  const [tried, setTried] = useState(false);
  const application = state.application;
  if (!application) return null;
  const isProvider = state.organisation?.kind === "provider";
  const serverMessage = refusal?.fieldErrors.organisation;
  return (
    <Stack>
      <Text fw={700}>
        <Text span c="red" aria-hidden>
          *
        </Text>
        {t("request.organisations")}
      </Text>
      <OrganisationTable
        applicationId={application.id}
        browse={state.browse}
        selected={state.organisation}
        onBrowse={(browse) => update({ browse })}
        onSelect={(row) => {
          setTried(false);
          update({ organisation: { kind: row.kind, id: row.id, label: row.label, path: row.path } });
        }}
      />
      {state.organisation && (
        <Text size="sm" data-testid="selected-organisation">
          {t("request.selected", { label: state.organisation.path ? `${state.organisation.path} / ${state.organisation.label}` : state.organisation.label })}
        </Text>
      )}
      {tried && !isProvider && <Guidance organisation={state.organisation} />}
      {serverMessage && !tried && (
        <Alert color="red" role="alert">
          {serverMessage}
        </Alert>
      )}
      <StepButtons
        back={t("request.toStep1")}
        onBack={onBack}
        onCancel={onCancel}
        next={
          <Button
            onClick={() => {
              if (isProvider) onNext();
              else setTried(true);
            }}
          >
            {t("request.toStep3")}
          </Button>
        }
      />
      <Text size="sm" c="dimmed">
        {t("request.submittedNote")}
      </Text>
    </Stack>
  );
}
