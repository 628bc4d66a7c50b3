/* Diagnoses: suspected or confirmed, coded with an ORPHAcode and/or ICD-10 (searched by code or name), dated. */
import { Badge, Button, CloseButton, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Diagnosis } from "../../../../src/cpms/patients/contract.ts";
import { TermSearch } from "../TermSearch.tsx";
import { replaceAt, type SectionProps } from "./section-props.ts";

function CodeChosen({ code, label, onClear, clearLabel }: { code: string; label?: string; onClear: () => void; clearLabel: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Badge variant="light" tt="none">
        {code}
      </Badge>
      <Text size="sm">{label}</Text>
      <CloseButton size="sm" aria-label={clearLabel} onClick={onClear} />
    </Group>
  );
}

export function DiagnosisFields({ value, onChange, errorAt }: SectionProps<Diagnosis[]>) {
  const { t } = useTranslation("patients");
  const set = (index: number, patch: Partial<Diagnosis>) => onChange(replaceAt(value, index, { ...value[index], ...patch }));
  return (
    <Stack>
      {errorAt("diagnoses") && (
        <Text c="red" size="sm" role="alert">
          {errorAt("diagnoses")}
        </Text>
      )}
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("record.diagnosis.none")}
        </Text>
      )}
      {value.map((diagnosis, index) => (
        <Paper
          key={`${diagnosis.orphaCode}-${diagnosis.icd10Code}-${index.toString()}`}
          withBorder
          p="sm"
          aria-label={t("record.diagnosis.number", { number: index + 1 })}
          component="section"
        >
          <Stack gap="xs">
            <Group justify="space-between">
              <SegmentedControl
                aria-label={t("record.diagnosis.status")}
                value={diagnosis.status}
                data={[
                  { value: "suspected", label: t("record.diagnosis.suspected") },
                  { value: "confirmed", label: t("record.diagnosis.confirmed") },
                ]}
                onChange={(status) => set(index, { status: status as Diagnosis["status"] })}
              />
              <Button variant="subtle" color="red" size="xs" onClick={() => onChange(value.filter((_, at) => at !== index))}>
                {t("record.remove")}
              </Button>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Stack gap={4}>
                <TermSearch
                  system="ORPHA"
                  label={t("record.diagnosis.orpha")}
                  error={errorAt(`diagnoses[${index}].orphaCode`)}
                  onPick={(term) => set(index, { orphaCode: term.code, orphaLabel: term.label })}
                />
                {diagnosis.orphaCode && (
                  <CodeChosen
                    code={diagnosis.orphaCode}
                    label={diagnosis.orphaLabel}
                    clearLabel={t("record.diagnosis.clearCode", { code: diagnosis.orphaCode })}
                    onClear={() => set(index, { orphaCode: null, orphaLabel: undefined })}
                  />
                )}
              </Stack>
              <Stack gap={4}>
                <TermSearch
                  system="ICD10"
                  label={t("record.diagnosis.icd10")}
                  error={errorAt(`diagnoses[${index}].icd10Code`)}
                  onPick={(term) => set(index, { icd10Code: term.code, icd10Label: term.label })}
                />
                {diagnosis.icd10Code && (
                  <CodeChosen
                    code={diagnosis.icd10Code}
                    label={diagnosis.icd10Label}
                    clearLabel={t("record.diagnosis.clearCode", { code: diagnosis.icd10Code })}
                    onClear={() => set(index, { icd10Code: null, icd10Label: undefined })}
                  />
                )}
              </Stack>
              <TextInput
                type="date"
                label={t("record.diagnosis.date")}
                value={diagnosis.date ?? ""}
                error={errorAt(`diagnoses[${index}].date`) ?? errorAt(`diagnoses[${index}]`)}
                onChange={(event) => set(index, { date: event.currentTarget.value || null })}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
      ))}
      <Group>
        <Button variant="light" onClick={() => onChange([...value, { status: "suspected", orphaCode: null, icd10Code: null, date: null }])}>
          {t("record.diagnosis.add")}
        </Button>
      </Group>
    </Stack>
  );
}
