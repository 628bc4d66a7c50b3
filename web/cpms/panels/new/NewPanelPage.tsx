/*
 * "Create a panel" on a patient (/patients/:id/panels/new): for those who may
 * change the record, while the consent for care stands. The question, its
 * thematic area, urgency and due date, then what the panel's members will see:
 * the record's sections and attachments ticked here, nothing else. The panel
 * is created as a draft and its page opens.
 */
import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { PanelView, ShareableSection } from "../../../../src/cpms/panels/contract.ts";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { PatientsFrame } from "../../patients/PatientsFrame.tsx";
import { usePatient } from "../../patients/queries.ts";
import { panelKey, panelsKey, usePatientAttachments } from "../queries.ts";
import { PanelFields, type PanelFieldValues } from "./PanelFields.tsx";
import { SECTIONS, SharedDataFields } from "./SharedDataFields.tsx";

const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

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
  const attachments = usePatientAttachments(patient.id);
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
          attachments={attachments}
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
