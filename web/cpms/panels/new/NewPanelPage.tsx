/*
 * "Create a panel" on a patient (/patients/:id/panels/new): for those who may
 * change the record, while the consent for care stands. The question, its
 * thematic area, urgency and due date, then what the panel's members will see:
 * the record's sections and attachments ticked here, nothing else. The panel
 * is created as a draft and its page opens.
 */
import { Alert, Anchor, Button, Checkbox, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { PanelView, ShareableSection } from "../../../../src/cpms/panels/contract.ts";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { attachmentsUrl, type FileView } from "../../patients/files.ts";
import { PatientsFrame } from "../../patients/PatientsFrame.tsx";
import { patientKey, usePatient } from "../../patients/queries.ts";
import { panelKey, panelsKey } from "../queries.ts";
import { PanelFields, type PanelFieldValues } from "./PanelFields.tsx";

export const SECTIONS: ShareableSection[] = ["core", "demographics", "diagnoses", "phenotypes", "geneticFindings", "familyHistory", "clinicalSummary"];

const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

function SharedDataFields({
  patient,
  sections,
  fileIds,
  error,
  onSections,
  onFiles,
}: {
  patient: PatientView;
  sections: ShareableSection[];
  fileIds: string[];
  error: ApiError | null;
  onSections: (next: ShareableSection[]) => void;
  onFiles: (next: string[]) => void;
}) {
  const { t } = useTranslation("panels");
  const attachments = useQuery({
    queryKey: [...patientKey(patient.id), "attachments"],
    queryFn: () => api<{ attachments: FileView[] }>(attachmentsUrl(patient.id)),
  });
  const filesError = Object.entries(error?.fieldErrors ?? {}).find(([field]) => field.startsWith("sharedFileIds"))?.[1];
  const sectionsError = Object.entries(error?.fieldErrors ?? {}).find(([field]) => field.startsWith("sharedSections"))?.[1];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="panel-shared-data">
      <Title order={2} size="h4" id="panel-shared-data">
        {t("form.shared")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("form.sharedHelp")}
      </Text>
      <Stack>
        <Checkbox.Group label={t("form.sectionsLabel")} value={sections} error={sectionsError} onChange={(next) => onSections(next as ShareableSection[])}>
          <Stack gap={6} mt="xs">
            {SECTIONS.map((section) => (
              <Checkbox key={section} value={section} label={t(`sections.${section}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        {attachments.isPending && <Loader size="sm" aria-label={t("loading")} />}
        {attachments.isError && (
          <Alert color="red" role="alert">
            {attachments.error.message}
          </Alert>
        )}
        {attachments.data && attachments.data.attachments.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("form.noAttachments")}
          </Text>
        )}
        {attachments.data && attachments.data.attachments.length > 0 && (
          <Checkbox.Group label={t("form.attachmentsLabel")} value={fileIds} error={filesError} onChange={onFiles}>
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

const FIELDS = ["title", "question", "thematicAreaId", "urgency", "dueDate"];

function NewPanelForm({ patient }: { patient: PatientView }) {
  const { t } = useTranslation("panels");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<PanelFieldValues>({ title: "", question: "", thematicAreaId: null, urgency: "routine", dueDate: inTwoWeeks() });
  const [sections, setSections] = useState<ShareableSection[]>(SECTIONS);
  const [fileIds, setFileIds] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ panel: PanelView; message: string }>(`/api/patients/${encodeURIComponent(patient.id)}/panels`, {
        body: { ...values, thematicAreaId: values.thematicAreaId ?? "", sharedSections: sections, sharedFileIds: fileIds },
      });
      queryClient.setQueryData(panelKey(answer.panel.id), { panel: answer.panel });
      void queryClient.invalidateQueries({ queryKey: panelsKey });
      notifications.show({ color: "green", message: answer.message || t("form.created") });
      navigate(`/panels/${answer.panel.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };
  const shownElsewhere = error && !Object.keys(error.fieldErrors).some((field) => FIELDS.includes(field) || field.startsWith("shared"));
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <Stack>
        <PanelFields
          ernCode={patient.ernCode}
          values={values}
          error={error}
          onChange={(next, field) => {
            setValues((current) => ({ ...current, ...next }));
            setError((current) => current?.without(field) ?? null);
          }}
        />
        <SharedDataFields
          patient={patient}
          sections={sections}
          fileIds={fileIds}
          error={error}
          onSections={(next) => {
            setSections(next);
            setError((current) => current?.without("sharedSections") ?? null);
          }}
          onFiles={setFileIds}
        />
        {shownElsewhere && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {t("form.create")}
          </Button>
          <Button variant="default" component={Link} to={`/patients/${patient.id}?tab=panels`}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewPanelPage() {
  const { t } = useTranslation("panels");
  const { id = "" } = useParams();
  const found = usePatient(id);
  const patient = found.data?.patient;
  return (
    <PatientsFrame>
      <Stack maw={760}>
        {found.isPending && <Loader aria-label={t("loading")} />}
        {found.isError && (
          <Alert color="red" role="alert">
            {found.error.message}
          </Alert>
        )}
        {patient && (
          <>
            <Anchor component={Link} to={`/patients/${patient.id}?tab=panels`} size="sm">
              {t("form.backToPatient", { pseudonym: patient.pseudonym })}
            </Anchor>
            <Title order={1} size="h2">
              {t("form.newTitle", { pseudonym: patient.pseudonym })}
            </Title>
            <Text size="sm">{t("form.intro")}</Text>
            {!patient.canWrite ? (
              <Alert color="orange" role="alert">
                {t("form.notWriter")}
              </Alert>
            ) : patient.withdrawn || !patient.consentCare ? (
              <Alert color="orange" role="alert">
                {t("form.withdrawn")}
              </Alert>
            ) : (
              <NewPanelForm patient={patient} />
            )}
          </>
        )}
      </Stack>
    </PatientsFrame>
  );
}
