/* The EU Set of Common Data Elements kept outside the other sections: status, death, first contact, ages at onset and diagnosis, undiagnosed case, biological sample, biobank, functioning. */
import { Checkbox, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AgeAt, CoreElements } from "../../../../src/cpms/patients/contract.ts";
import type { SectionProps } from "./section-props.ts";

function AgeAtField({ label, value, onChange, error }: { label: string; value: AgeAt | null; onChange: (next: AgeAt | null) => void; error?: string }) {
  const { t } = useTranslation("patients");
  const kind = value?.kind ?? null;
  return (
    <Group align="flex-start" grow>
      <Select
        label={label}
        error={error}
        clearable
        value={kind}
        data={["antenatal", "at_birth", "undetermined", "date"].map((value) => ({ value, label: t(`record.ageAt.${value}`) }))}
        onChange={(next) => {
          if (!next) onChange(null);
          else if (next === "date") onChange({ kind: "date", date: value?.kind === "date" ? value.date : "" });
          else onChange({ kind: next as "antenatal" | "at_birth" | "undetermined" });
        }}
      />
      {value?.kind === "date" && (
        <TextInput
          type="date"
          label={t("record.ageAt.dateLabel", { what: label })}
          value={value.date}
          onChange={(event) => onChange({ kind: "date", date: event.currentTarget.value })}
        />
      )}
    </Group>
  );
}

export function CoreFields({ value, onChange, errorAt }: SectionProps<CoreElements>) {
  const { t } = useTranslation("patients");
  const set = (patch: Partial<CoreElements>) => onChange({ ...value, ...patch });
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t("record.core.status")}
          clearable
          value={value.status}
          error={errorAt("core.status")}
          data={["alive", "dead", "lost_to_follow_up", "opted_out"].map((status) => ({ value: status, label: t(`record.core.statuses.${status}`) }))}
          onChange={(status) => set({ status: status as CoreElements["status"], ...(status === "dead" ? {} : { dateOfDeath: null }) })}
        />
        {value.status === "dead" && (
          <TextInput
            type="date"
            label={t("record.core.dateOfDeath")}
            value={value.dateOfDeath ?? ""}
            error={errorAt("core.dateOfDeath")}
            onChange={(event) => set({ dateOfDeath: event.currentTarget.value || null })}
          />
        )}
        <TextInput
          type="date"
          label={t("record.core.firstContact")}
          value={value.firstContact ?? ""}
          error={errorAt("core.firstContact")}
          onChange={(event) => set({ firstContact: event.currentTarget.value || null })}
        />
      </SimpleGrid>
      <AgeAtField label={t("record.core.onset")} value={value.onset} error={errorAt("core.onset")} onChange={(onset) => set({ onset })} />
      <AgeAtField
        label={t("record.core.diagnosisAge")}
        value={value.diagnosisAge}
        error={errorAt("core.diagnosisAge")}
        onChange={(diagnosisAge) => set({ diagnosisAge })}
      />
      <Checkbox
        label={t("record.core.undiagnosed")}
        description={t("record.core.undiagnosedHelp")}
        checked={value.undiagnosed}
        onChange={(event) => set({ undiagnosed: event.currentTarget.checked })}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t("record.core.biologicalSample")}
          clearable
          value={value.biologicalSample === null ? null : String(value.biologicalSample)}
          data={[
            { value: "true", label: t("record.yes") },
            { value: "false", label: t("record.no") },
          ]}
          error={errorAt("core.biologicalSample")}
          onChange={(sample) => set({ biologicalSample: sample === null ? null : sample === "true" })}
        />
        <TextInput
          label={t("record.core.biobank")}
          maxLength={500}
          value={value.biobank}
          error={errorAt("core.biobank")}
          onChange={(event) => set({ biobank: event.currentTarget.value })}
        />
        <TextInput
          label={t("record.core.icfScore")}
          maxLength={100}
          value={value.functioning.icfScore}
          error={errorAt("core.functioning.icfScore")}
          onChange={(event) => set({ functioning: { ...value.functioning, icfScore: event.currentTarget.value } })}
        />
      </SimpleGrid>
      <Textarea
        label={t("record.core.functioning")}
        autosize
        minRows={2}
        maxLength={2000}
        value={value.functioning.text}
        error={errorAt("core.functioning.text")}
        onChange={(event) => set({ functioning: { ...value.functioning, text: event.currentTarget.value } })}
      />
    </Stack>
  );
}
