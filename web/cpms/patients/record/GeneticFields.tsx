/* Genetic findings: the gene (HGNC symbol), the variant in HGVS, its classification. */
import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { GeneticFinding } from "../../../../src/cpms/patients/contract.ts";
import { replaceAt, type SectionProps } from "./section-props.ts";

export const CLASSIFICATIONS = ["pathogenic", "likely_pathogenic", "uncertain_significance", "likely_benign", "benign"] as const;

export function GeneticFields({ value, onChange, errorAt }: SectionProps<GeneticFinding[]>) {
  const { t } = useTranslation("patients");
  const set = (index: number, patch: Partial<GeneticFinding>) => onChange(replaceAt(value, index, { ...value[index], ...patch }));
  return (
    <Stack>
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("record.genetic.none")}
        </Text>
      )}
      {value.map((finding, index) => (
        <Paper key={`finding-${index.toString()}`} withBorder p="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t("record.genetic.gene")}
              placeholder="TP53"
              maxLength={30}
              value={finding.gene}
              error={errorAt(`geneticFindings[${index}].gene`)}
              onChange={(event) => set(index, { gene: event.currentTarget.value })}
            />
            <TextInput
              label={t("record.genetic.variant")}
              placeholder="NM_000546.6:c.215C>G"
              maxLength={300}
              value={finding.variant}
              error={errorAt(`geneticFindings[${index}].variant`)}
              onChange={(event) => set(index, { variant: event.currentTarget.value })}
            />
            <Select
              label={t("record.genetic.classification")}
              value={finding.classification}
              allowDeselect={false}
              error={errorAt(`geneticFindings[${index}].classification`)}
              data={CLASSIFICATIONS.map((classification) => ({ value: classification, label: t(`record.genetic.classes.${classification}`) }))}
              onChange={(classification) => classification && set(index, { classification: classification as GeneticFinding["classification"] })}
            />
          </SimpleGrid>
          <Group justify="flex-end" mt="xs">
            <Button variant="subtle" color="red" size="xs" onClick={() => onChange(value.filter((_, at) => at !== index))}>
              {t("record.remove")}
            </Button>
          </Group>
        </Paper>
      ))}
      <Group>
        <Button variant="light" onClick={() => onChange([...value, { gene: "", variant: "", classification: "uncertain_significance" }])}>
          {t("record.genetic.add")}
        </Button>
      </Group>
    </Stack>
  );
}
