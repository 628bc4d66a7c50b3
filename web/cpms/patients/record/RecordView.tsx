/* The whole record, section by section, read-only: the patient page and a past version in the history. */
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AgeAt, PatientRecord } from "../../../../src/cpms/patients/contract.ts";
import { RichText } from "../rich-text.tsx";
import { countryName } from "./countries.ts";

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

function Field({ label, value }: { label: string; value: ReactNode }) {
  const { t } = useTranslation("patients");
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value === null || value === undefined || value === "" ? t("record.notRecorded") : value}</Text>
    </div>
  );
}

export function RecordView({ record }: { record: PatientRecord }) {
  const { t } = useTranslation("patients");
  const ageAt = (age: AgeAt | null) => (age === null ? null : age.kind === "date" ? age.date : t(`record.ageAt.${age.kind}`));
  const yesNo = (value: boolean | null) => (value === null ? null : value ? t("record.yes") : t("record.no"));
  const { core, demographics } = record;
  return (
    <Stack>
      <Section title={t("record.sections.core")}>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t("record.core.status")} value={core.status && t(`record.core.statuses.${core.status}`)} />
          {core.status === "dead" && <Field label={t("record.core.dateOfDeath")} value={core.dateOfDeath} />}
          <Field label={t("record.core.firstContact")} value={core.firstContact} />
          <Field label={t("record.core.onset")} value={ageAt(core.onset)} />
          <Field label={t("record.core.diagnosisAge")} value={ageAt(core.diagnosisAge)} />
          <Field label={t("record.core.undiagnosed")} value={yesNo(core.undiagnosed)} />
          <Field label={t("record.core.biologicalSample")} value={yesNo(core.biologicalSample)} />
          <Field label={t("record.core.biobank")} value={core.biobank} />
          <Field label={t("record.core.icfScore")} value={core.functioning.icfScore} />
          <Field label={t("record.core.functioning")} value={core.functioning.text} />
        </SimpleGrid>
      </Section>
      <Section title={t("record.sections.demographics")}>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t("record.demographics.sex")} value={demographics.sex && t(`record.sexes.${demographics.sex}`)} />
          <Field label={t("record.demographics.birthMonth")} value={demographics.birthMonth} />
          <Field label={t("record.demographics.country")} value={demographics.countryOfResidence && countryName(demographics.countryOfResidence)} />
        </SimpleGrid>
      </Section>
      <Section title={t("record.sections.diagnosis")}>
        {record.diagnoses.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("record.diagnosis.none")}
          </Text>
        ) : (
          <Table aria-label={t("record.sections.diagnosis")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("record.diagnosis.status")}</Table.Th>
                <Table.Th>{t("record.diagnosis.orpha")}</Table.Th>
                <Table.Th>{t("record.diagnosis.icd10")}</Table.Th>
                <Table.Th>{t("record.diagnosis.date")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {record.diagnoses.map((diagnosis) => (
                <Table.Tr key={`${diagnosis.orphaCode}-${diagnosis.icd10Code}-${diagnosis.date}`}>
                  <Table.Td>{t(`record.diagnosis.${diagnosis.status}`)}</Table.Td>
                  <Table.Td>{diagnosis.orphaCode && `${diagnosis.orphaCode} ${diagnosis.orphaLabel ?? ""}`}</Table.Td>
                  <Table.Td>{diagnosis.icd10Code && `${diagnosis.icd10Code} ${diagnosis.icd10Label ?? ""}`}</Table.Td>
                  <Table.Td>{diagnosis.date}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title={t("record.sections.phenotype")}>
        {record.phenotypes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("record.phenotype.none")}
          </Text>
        ) : (
          <Stack gap={4}>
            {record.phenotypes.map((phenotype) => (
              <Group key={phenotype.hpoCode} gap="xs">
                <Badge variant="light" tt="none" color={phenotype.present ? "blue" : "gray"}>
                  {phenotype.present ? t("record.phenotype.present") : t("record.phenotype.absent")}
                </Badge>
                <Text size="sm">
                  {phenotype.hpoCode} {phenotype.label}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Section>
      <Section title={t("record.sections.genetic")}>
        {record.geneticFindings.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("record.genetic.none")}
          </Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("record.genetic.gene")}</Table.Th>
                <Table.Th>{t("record.genetic.variant")}</Table.Th>
                <Table.Th>{t("record.genetic.classification")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {record.geneticFindings.map((finding) => (
                <Table.Tr key={`${finding.gene}-${finding.variant}`}>
                  <Table.Td>{finding.gene}</Table.Td>
                  <Table.Td>{finding.variant}</Table.Td>
                  <Table.Td>{t(`record.genetic.classes.${finding.classification}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title={t("record.sections.family")}>
        <Stack gap="xs">
          <Field label={t("record.family.text")} value={record.familyHistory.text} />
          {record.familyHistory.affectedRelatives.map((relative) => (
            <Text size="sm" key={`${relative.relation}-${relative.condition}`}>
              {t(`record.family.relations.${relative.relation}`)}: {relative.condition}
            </Text>
          ))}
        </Stack>
      </Section>
      <Section title={t("record.sections.summary")}>
        {record.clinicalSummary ? (
          <RichText text={record.clinicalSummary} />
        ) : (
          <Text size="sm" c="dimmed">
            {t("record.notRecorded")}
          </Text>
        )}
      </Section>
    </Stack>
  );
}
