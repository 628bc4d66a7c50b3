/* Family history: in words, and the affected relatives with their condition. */
import { Button, Group, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { FamilyHistory } from "../../../../src/cpms/patients/contract.ts";
import { replaceAt, type SectionProps } from "./section-props.ts";

export const RELATIONS = ["mother", "father", "sibling", "child", "grandparent", "aunt_uncle", "cousin", "other"] as const;

export function FamilyFields({ value, onChange, errorAt }: SectionProps<FamilyHistory>) {
  const { t } = useTranslation("patients");
  const relatives = value.affectedRelatives;
  const setRelatives = (next: FamilyHistory["affectedRelatives"]) => onChange({ ...value, affectedRelatives: next });
  return (
    <Stack>
      <Textarea
        label={t("record.family.text")}
        autosize
        minRows={2}
        maxLength={5000}
        value={value.text}
        error={errorAt("familyHistory.text")}
        onChange={(event) => onChange({ ...value, text: event.currentTarget.value })}
      />
      {relatives.map((relative, index) => (
        <Group key={`relative-${index.toString()}`} align="flex-end">
          <Select
            label={t("record.family.relation")}
            value={relative.relation}
            allowDeselect={false}
            error={errorAt(`familyHistory.affectedRelatives[${index}].relation`)}
            data={RELATIONS.map((relation) => ({ value: relation, label: t(`record.family.relations.${relation}`) }))}
            onChange={(relation) => relation && setRelatives(replaceAt(relatives, index, { ...relative, relation: relation as (typeof RELATIONS)[number] }))}
          />
          <TextInput
            label={t("record.family.condition")}
            maxLength={300}
            style={{ flex: 1 }}
            value={relative.condition}
            error={errorAt(`familyHistory.affectedRelatives[${index}].condition`)}
            onChange={(event) => setRelatives(replaceAt(relatives, index, { ...relative, condition: event.currentTarget.value }))}
          />
          <Button variant="subtle" color="red" onClick={() => setRelatives(relatives.filter((_, at) => at !== index))}>
            {t("record.remove")}
          </Button>
        </Group>
      ))}
      <Group>
        <Button variant="light" onClick={() => setRelatives([...relatives, { relation: "mother", condition: "" }])}>
          {t("record.family.add")}
        </Button>
      </Group>
    </Stack>
  );
}
