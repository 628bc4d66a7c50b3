/* Step 1, "Select application": the applications one can ask access to, none chosen at first. */
import { Alert, Button, NativeSelect, Skeleton, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApplicationSummary } from "../../../src/access/contract.ts";
import { api } from "../../ui/api.ts";
import { StepButtons } from "./StepButtons.tsx";
import type { WizardState } from "./wizard-state.ts";

type Props = { state: WizardState; update: (change: Partial<WizardState>) => void; onCancel: () => void; onNext: () => void };

export function ApplicationStep({ state, update, onCancel, onNext }: Props) {
  const { t } = useTranslation();
  const [missing, setMissing] = useState(false);
  const applications = useQuery({
    queryKey: ["applications"],
    queryFn: () => api<{ applications: ApplicationSummary[] }>("/api/applications"),
    staleTime: 5 * 60_000,
  });
  if (applications.isPending) return <Skeleton height={60} aria-label={t("loading")} />;
  if (applications.isError)
    return (
      <Alert color="red" role="alert">
        {applications.error.message}
      </Alert>
    );
  const list = applications.data.applications;
  const chosen = list.find((application) => application.id === state.application?.id);
  return (
    <Stack maw={560}>
      <NativeSelect
        label={t("request.application")}
        value={chosen?.id ?? ""}
        data={[{ value: "", label: t("request.noValue") }, ...list.map((application) => ({ value: application.id, label: application.name }))]}
        error={missing && !chosen ? t("request.chooseApplication") : undefined}
        description={chosen?.description}
        onChange={(event) => {
          const picked = list.find((application) => application.id === event.currentTarget.value);
          update({ application: picked ? { id: picked.id, name: picked.name } : null });
        }}
      />
      <StepButtons
        onCancel={onCancel}
        next={
          <Button
            onClick={() => {
              if (chosen) onNext();
              else setMissing(true);
            }}
          >
            {t("request.toStep2")}
          </Button>
        }
      />
    </Stack>
  );
}
