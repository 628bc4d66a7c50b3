/*
 * "Data shared with the panel": the record's sections and the patient's
 * attachments, ticked one by one — the panel's members see these and
 * nothing else. Attachments are offered when the user may list them.
 */
import { Alert, Checkbox, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ShareableSection } from "../../../../src/cpms/panels/contract.ts";
import type { ApiError } from "../../../ui/api.ts";
import type { FileView } from "../../patients/files.ts";

export const SECTIONS: ShareableSection[] = ["core", "demographics", "diagnoses", "phenotypes", "geneticFindings", "familyHistory", "clinicalSummary"];

const errorOn = (error: ApiError | null, prefix: string) => Object.entries(error?.fieldErrors ?? {}).find(([field]) => field.startsWith(prefix))?.[1];

export function SharedDataFields({
  attachments,
  sections,
  fileIds,
  error,
  onSections,
  onFiles,
}: {
  attachments: UseQueryResult<{ attachments: FileView[] }>;
  sections: ShareableSection[];
  fileIds: string[];
  error: ApiError | null;
  onSections: (next: ShareableSection[]) => void;
  onFiles: (next: string[]) => void;
}) {
  const { t } = useTranslation("panels");
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="panel-shared-data">
      <Title order={2} size="h4" id="panel-shared-data">
        {t("form.shared")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("form.sharedHelp")}
      </Text>
      <Stack>
        <Checkbox.Group
          label={t("form.sectionsLabel")}
          value={sections}
          error={errorOn(error, "sharedSections")}
          onChange={(next) => onSections(next as ShareableSection[])}
        >
          <Stack gap={6} mt="xs">
            {SECTIONS.map((section) => (
              <Checkbox key={section} value={section} label={t(`sections.${section}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        {attachments.isPending && <Loader size="sm" aria-label={t("loading")} />}
        {attachments.isError && (
          <Alert color="gray" role="status">
            {t("form.attachmentsUnavailable")}
          </Alert>
        )}
        {attachments.data && attachments.data.attachments.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("form.noAttachments")}
          </Text>
        )}
        {attachments.data && attachments.data.attachments.length > 0 && (
          <Checkbox.Group label={t("form.attachmentsLabel")} value={fileIds} error={errorOn(error, "sharedFileIds")} onChange={onFiles}>
            <Stack gap={6} mt="xs">
              {attachments.data.attachments.map((file) => (
                <Checkbox key={file.id} value={file.id} label={file.title ? `${file.title} (${file.name})` : file.name} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
      </Stack>
    </Paper>
  );
}
