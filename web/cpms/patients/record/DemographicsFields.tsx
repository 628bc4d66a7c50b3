/* Demographics: sex, year and month of birth, country of residence — never a name. */
import { Select, SimpleGrid, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Demographics } from "../../../../src/cpms/patients/contract.ts";
import { COUNTRIES } from "./countries.ts";
import type { SectionProps } from "./section-props.ts";

export function DemographicsFields({ value, onChange, errorAt }: SectionProps<Demographics>) {
  const { t } = useTranslation("patients");
  const set = (patch: Partial<Demographics>) => onChange({ ...value, ...patch });
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Select
        label={t("record.demographics.sex")}
        clearable
        value={value.sex}
        error={errorAt("demographics.sex")}
        data={["female", "male", "undetermined", "unknown"].map((sex) => ({ value: sex, label: t(`record.sexes.${sex}`) }))}
        onChange={(sex) => set({ sex: sex as Demographics["sex"] })}
      />
      <TextInput
        type="month"
        label={t("record.demographics.birthMonth")}
        placeholder="YYYY-MM"
        value={value.birthMonth ?? ""}
        error={errorAt("demographics.birthMonth")}
        onChange={(event) => set({ birthMonth: event.currentTarget.value || null })}
      />
      <Select
        label={t("record.demographics.country")}
        searchable
        clearable
        value={value.countryOfResidence}
        error={errorAt("demographics.countryOfResidence")}
        data={COUNTRIES.map(([code, name]) => ({ value: code, label: name }))}
        onChange={(countryOfResidence) => set({ countryOfResidence })}
      />
    </SimpleGrid>
  );
}
