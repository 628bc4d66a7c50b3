/*
 * Editing the whole record, section by section, saved in one go with the
 * version it was read at: when someone else saved meanwhile the server
 * answers 409 and the page says so, offering to reload (their changes are
 * never overwritten silently). The server's messages go next to the fields
 * they name ("record.diagnoses[0].orphaCode").
 */
import { Alert, Button, Group, Paper, Stack, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PatientRecord, PatientView } from "../../../../src/cpms/patients/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { patientKey } from "../queries.ts";
import { CoreFields } from "./CoreFields.tsx";
import { DemographicsFields } from "./DemographicsFields.tsx";
import { DiagnosisFields } from "./DiagnosisFields.tsx";
import { FamilyFields } from "./FamilyFields.tsx";
import { GeneticFields } from "./GeneticFields.tsx";
import { PhenotypeFields } from "./PhenotypeFields.tsx";
import { SummaryField } from "./SummaryField.tsx";
import { withoutLabels } from "./without-labels.ts";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function RecordEditor({ patient, onDone }: { patient: PatientView; onDone: () => void }) {
  const { t } = useTranslation("patients");
  const queryClient = useQueryClient();
  const [record, setRecord] = useState<PatientRecord>(patient.record);
  const [error, setError] = useState<ApiError | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api<{ patient: PatientView; message: string }>(`/api/patients/${patient.id}/record`, {
        method: "PUT",
        body: { version: patient.version, record: withoutLabels(record) },
      }),
    onSuccess: (answer) => {
      queryClient.setQueryData(patientKey(patient.id), { patient: answer.patient });
      void queryClient.invalidateQueries({ queryKey: patientKey(patient.id) });
      notifications.show({ color: "green", message: answer.message });
      onDone();
    },
    onError: (caught) => setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {})),
  });
  // Fields are named as paths into the body: "record.diagnoses.0.orphaCode".
  const errorAt = (path: string) => error?.fieldErrors[`record.${path.replace(/\[(\d+)\]/g, ".$1")}`];
  const section = <K extends keyof PatientRecord>(key: K) => ({
    value: record[key],
    onChange: (next: PatientRecord[K]) => setRecord((current) => ({ ...current, [key]: next })),
    errorAt,
  });
  const stale = error?.status === 409;
  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: patientKey(patient.id) });
    onDone();
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        save.mutate();
      }}
    >
      <Stack>
        <Section title={t("record.sections.core")}>
          <CoreFields {...section("core")} />
        </Section>
        <Section title={t("record.sections.demographics")}>
          <DemographicsFields {...section("demographics")} />
        </Section>
        <Section title={t("record.sections.diagnosis")}>
          <DiagnosisFields {...section("diagnoses")} />
        </Section>
        <Section title={t("record.sections.phenotype")}>
          <PhenotypeFields {...section("phenotypes")} />
        </Section>
        <Section title={t("record.sections.genetic")}>
          <GeneticFields {...section("geneticFindings")} />
        </Section>
        <Section title={t("record.sections.family")}>
          <FamilyFields {...section("familyHistory")} />
        </Section>
        <Section title={t("record.sections.summary")}>
          <SummaryField
            text={record.clinicalSummary}
            onChange={(clinicalSummary) => setRecord((current) => ({ ...current, clinicalSummary }))}
            error={errorAt("clinicalSummary")}
          />
        </Section>
        {error && stale && (
          <Alert color="orange" role="alert" title={t("record.staleTitle")}>
            <Stack gap="xs">
              {t("record.stale")}
              <Group>
                <Button size="xs" variant="light" color="orange" onClick={reload}>
                  {t("record.reload")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {error && !stale && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t("record.save")}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
