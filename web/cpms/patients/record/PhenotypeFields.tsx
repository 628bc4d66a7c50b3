/* Phenotype: HPO terms searched by code or name, each marked present or absent. */
import { Badge, Button, Group, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Phenotype } from "../../../../src/cpms/patients/contract.ts";
import { TermSearch } from "../TermSearch.tsx";
import { replaceAt, type SectionProps } from "./section-props.ts";

export function PhenotypeFields({ value, onChange, errorAt }: SectionProps<Phenotype[]>) {
  const { t } = useTranslation("patients");
  return (
    <Stack>
      <TermSearch
        system="HPO"
        label={t("record.phenotype.search")}
        error={errorAt("phenotypes")}
        exclude={value.map((phenotype) => phenotype.hpoCode)}
        onPick={(term) => onChange([...value, { hpoCode: term.code, label: term.label, present: true }])}
      />
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("record.phenotype.none")}
        </Text>
      ) : (
        <Table aria-label={t("record.phenotype.table")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("record.phenotype.term")}</Table.Th>
              <Table.Th>{t("record.phenotype.observed")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {value.map((phenotype, index) => (
              <Table.Tr key={phenotype.hpoCode}>
                <Table.Td>
                  <Group gap="xs">
                    <Badge variant="light" tt="none">
                      {phenotype.hpoCode}
                    </Badge>
                    <Text size="sm">{phenotype.label}</Text>
                  </Group>
                  {errorAt(`phenotypes[${index}].hpoCode`) && (
                    <Text c="red" size="xs" role="alert">
                      {errorAt(`phenotypes[${index}].hpoCode`)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <SegmentedControl
                    size="xs"
                    aria-label={t("record.phenotype.observedOf", { code: phenotype.hpoCode })}
                    value={phenotype.present ? "present" : "absent"}
                    data={[
                      { value: "present", label: t("record.phenotype.present") },
                      { value: "absent", label: t("record.phenotype.absent") },
                    ]}
                    onChange={(observed) => onChange(replaceAt(value, index, { ...phenotype, present: observed === "present" }))}
                  />
                </Table.Td>
                <Table.Td>
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    aria-label={t("record.phenotype.remove", { code: phenotype.hpoCode })}
                    onClick={() => onChange(value.filter((_, at) => at !== index))}
                  >
                    {t("record.remove")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
