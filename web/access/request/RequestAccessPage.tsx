/*
 * "New application access": four steps under a progress bar — select the
 * application, the organisation (ERN → country → healthcare provider), the
 * access profiles, then recap and submit. Each step is a history entry
 * (?step=N), so the browser's back button goes back a step; a link to a step
 * whose earlier answers are missing opens the first step that needs one.
 */
import { Stepper, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import type { ApiError } from "../../ui/api.ts";
import { AccessFrame } from "../Frame.tsx";
import { ApplicationStep } from "./ApplicationStep.tsx";
import { OrganisationStep } from "./OrganisationStep.tsx";
import { ProfileStep } from "./ProfileStep.tsx";
import { RecapStep } from "./RecapStep.tsx";
import { Submitted } from "./Submitted.tsx";
import { forgetWizard, reachableStep, useWizardState, type WizardState } from "./wizard-state.ts";

const STEPS = ["request.step1", "request.step2", "request.step3", "request.step4"];

/** The field of the submission each answer is: changing the answer drops the server's refusal of that field. */
const FIELD_OF: Partial<Record<keyof WizardState, string>> = {
  application: "applicationId",
  organisation: "organisation",
  profiles: "profileIds",
  comment: "comment",
};

function withoutAnswered(refusal: ApiError | null, change: Partial<WizardState>): ApiError | null {
  let rest = refusal;
  for (const key of Object.keys(change) as (keyof WizardState)[]) {
    const field = FIELD_OF[key];
    if (!field) continue;
    for (const name of Object.keys(rest?.fieldErrors ?? {})) if (name === field || name.startsWith(`${field}.`)) rest = rest?.without(name) ?? null;
  }
  return rest;
}

function Wizard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { state, update: store, clear } = useWizardState();
  const [submitted, setSubmitted] = useState<string | null>(null);
  /** The server's refusal of the submission, shown on the step it is about until the answer it is about changes. */
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const update = (change: Partial<WizardState>) => {
    store(change);
    setRefusal((current) => withoutAnswered(current, change));
  };

  const asked = Number(params.get("step") ?? "1");
  const step = Math.min(Number.isInteger(asked) && asked >= 1 ? asked : 1, reachableStep(state));
  useEffect(() => {
    if (!submitted && String(step) !== (params.get("step") ?? "1")) navigate(`/request-access?step=${step}`, { replace: true });
  }, [step, params, navigate, submitted]);

  const goTo = (next: number) => navigate(`/request-access?step=${next}`);
  // Only the stored answers are forgotten: emptying the page's state too would bring it back to step 1 before Home opens.
  const cancel = () => {
    forgetWizard();
    navigate("/");
  };

  if (submitted) return <Submitted message={submitted} />;
  return (
    <>
      <Title order={2} mb="md">
        {t("request.title")}
      </Title>
      <Stepper
        active={step - 1}
        onStepClick={(index) => goTo(index + 1)}
        allowNextStepsSelect={false}
        completedIcon={({ step: index }) => index + 1}
        size="sm"
        mb="xl"
        aria-label={t("request.progress")}
      >
        {STEPS.map((label) => (
          <Stepper.Step key={label} label={t(label)} />
        ))}
      </Stepper>
      {step === 1 && <ApplicationStep state={state} update={update} onCancel={cancel} onNext={() => goTo(2)} />}
      {step === 2 && <OrganisationStep state={state} update={update} refusal={refusal} onCancel={cancel} onBack={() => goTo(1)} onNext={() => goTo(3)} />}
      {step === 3 && <ProfileStep state={state} update={update} onCancel={cancel} onBack={() => goTo(2)} onNext={() => goTo(4)} />}
      {step === 4 && (
        <RecapStep
          state={state}
          update={update}
          refusal={refusal}
          onRefused={setRefusal}
          onCancel={cancel}
          onBack={(to) => goTo(to)}
          onSubmitted={(message) => {
            clear();
            setRefusal(null);
            setSubmitted(message);
          }}
        />
      )}
    </>
  );
}

export function RequestAccessPage() {
  return <AccessFrame>{() => <Wizard />}</AccessFrame>;
}
