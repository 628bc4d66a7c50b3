/*
 * The record as a panel shares it: only the sections the lead ticked, from
 * the current version, read-only. Absent sections are not shown at all, so a
 * member never mistakes "not shared" for "not recorded". Labels are the
 * patient pages' own.
 */
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AgeAt, PatientRecord } from "../../../../src/cpms/patients/contract.ts";
import { countryName } from "../../patients/record/countries.ts";
import { RichText } from "../../patients/rich-text.tsx";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="xs">
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

function Lines({ lines }: { lines: ReactNode[] }) {
  const { t } = useTranslation("panels");
  if (lines.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t("record.none")}
      </Text>
    );
  return <Stack gap={4}>{lines}</Stack>;
}

export function SharedRecord({ record }: { record: Partial<PatientRecord> }) {
  const { t } = useTranslation("patients");
  const ageAt = (age: AgeAt | null) => (age === null ? null : age.kind === "date" ? age.date : t(`record.ageAt.${age.kind}`));
  const yesNo = (value: boolean | null) => (value === null ? null : value ? t("record.yes") : t("record.no"));
  const { core, demographics, diagnoses, phenotypes, geneticFindings, familyHistory, clinicalSummary } = record;
  return (
    <Stack>
      {core && (
        <Section title={t("record.sections.core")}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Field label={t("record.core.status")} value={core.status && t(`record.core.statuses.${core.status}`)} />
            {core.status === "dead" && <Field label={t("record.core.dateOfDeath")} value={core.dateOfDeath} />}
            <Field label={t("record.core.firstContact")} value={core.firstContact} />
            <Field label={t("record.core.onset")} value={ageAt(core.onset)} />
            <Field label={t("record.core.diagnosisAge")} value={ageAt(core.diagnosisAge)} />
            <Field label={t("record.core.undiagnosed")} value={yesNo(core.undiagnosed)} />
            <Field label={t("record.core.functioning")} value={core.functioning.text} />
          </SimpleGrid>
        </Section>
      )}
      {demographics && (
        <Section title={t("record.sections.demographics")}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Field label={t("record.demographics.sex")} value={demographics.sex && t(`record.sexes.${demographics.sex}`)} />
            <Field label={t("record.demographics.birthMonth")} value={demographics.birthMonth} />
            <Field label={t("record.demographics.country")} value={demographics.countryOfResidence && countryName(demographics.countryOfResidence)} />
          </SimpleGrid>
        </Section>
      )}
      {diagnoses && (
        <Section title={t("record.sections.diagnosis")}>
          <Lines
            lines={diagnoses.map((diagnosis) => (
              <Text size="sm" key={`${diagnosis.orphaCode}-${diagnosis.icd10Code}-${diagnosis.date}`}>
                {[
                  t(`record.diagnosis.${diagnosis.status}`),
                  diagnosis.orphaCode && `${diagnosis.orphaCode} ${diagnosis.orphaLabel ?? ""}`.trim(),
                  diagnosis.icd10Code && `${diagnosis.icd10Code} ${diagnosis.icd10Label ?? ""}`.trim(),
                  diagnosis.date,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
            ))}
          />
        </Section>
      )}
      {phenotypes && (
        <Section title={t("record.sections.phenotype")}>
          <Lines
            lines={phenotypes.map((phenotype) => (
              <Group key={phenotype.hpoCode} gap="xs">
                <Badge variant="light" tt="none" color={phenotype.present ? "blue" : "gray"}>
                  {phenotype.present ? t("record.phenotype.present") : t("record.phenotype.absent")}
                </Badge>
                <Text size="sm">
                  {phenotype.hpoCode} {phenotype.label}
                </Text>
              </Group>
            ))}
          />
        </Section>
      )}
      {geneticFindings && (
        <Section title={t("record.sections.genetic")}>
          <Lines
            lines={geneticFindings.map((finding) => (
              <Text size="sm" key={`${finding.gene}-${finding.variant}`}>
                {finding.gene} {finding.variant} — {t(`record.genetic.classes.${finding.classification}`)}
              </Text>
            ))}
          />
        </Section>
      )}
      {familyHistory && (
        <Section title={t("record.sections.family")}>
          <Stack gap="xs">
            <Field label={t("record.family.text")} value={familyHistory.text} />
            {familyHistory.affectedRelatives.map((relative) => (
              <Text size="sm" key={`${relative.relation}-${relative.condition}`}>
                {t(`record.family.relations.${relative.relation}`)}: {relative.condition}
              </Text>
            ))}
          </Stack>
        </Section>
      )}
      {clinicalSummary !== undefined && (
        <Section title={t("record.sections.summary")}>
          {clinicalSummary ? (
            <RichText text={clinicalSummary} />
          ) : (
            <Text size="sm" c="dimmed">
              {t("record.notRecorded")}
            </Text>
          )}
        </Section>
      )}
    </Stack>
  );
}
