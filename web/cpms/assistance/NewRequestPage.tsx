/*
 * "Ask the ERN for assistance" (/assistance/new?patient=…): the patient's
 * pseudonym and ERN, the question, the thematic area (the ERN's offered
 * areas), urgency, the date an answer is wished by, and what the panel may
 * see (sections of the record, attachments). Only who may change the record
 * asks (the server decides; the page follows patient.canWrite). Once sent,
 * the page confirms with the request's reference.
 */
import { Alert, Anchor, Button, Checkbox, Group, Loader, Radio, Select, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { AssistanceRequestView, NewAssistanceRequest } from "../../../src/cpms/assistance/contract.ts";
import type { ShareableSection, Urgency } from "../../../src/cpms/panels/tables.ts";
import type { PatientView } from "../../../src/cpms/patients/contract.ts";
import type { ThematicAreasView } from "../../../src/cpms/preferences/contract.ts";
import { ApiError, api } from "../../ui/api.ts";
import { CpmsFrame } from "../Frame.tsx";
import { type FileView, attachmentsUrl } from "../patients/files.ts";
import { usePatient } from "../patients/queries.ts";
import { assistanceKey } from "./queries.ts";

/** The record's shareable sections, in the record's order (src/cpms/panels/tables.ts SHAREABLE_SECTIONS). */
const SECTIONS: ShareableSection[] = ["core", "demographics", "diagnoses", "phenotypes", "geneticFindings", "familyHistory", "clinicalSummary"];

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function RequestForm({ patient, onSent }: { patient: PatientView; onSent: (request: AssistanceRequestView) => void }) {
  const { t } = useTranslation("assistance");
  const queryClient = useQueryClient();
  const areas = useQuery({
    queryKey: ["thematic-areas", patient.ernCode],
    queryFn: () => api<ThematicAreasView>(`/api/erns/${encodeURIComponent(patient.ernCode)}/thematic-areas?includeRetired=false`),
  });
  const attachments = useQuery({
    queryKey: ["patient", patient.id, "attachments"],
    queryFn: () => api<{ attachments: FileView[] }>(attachmentsUrl(patient.id)),
  });
  const [form, setForm] = useState<NewAssistanceRequest>({
    question: "",
    thematicAreaId: "",
    urgency: "routine",
    dueDate: inDays(14),
    sharedSections: [...SECTIONS],
    sharedFileIds: [],
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const change = <K extends keyof NewAssistanceRequest>(field: K, value: NewAssistanceRequest[K]) => {
    setForm((current) => ({ ...current, [field]: value }));
    setError((current) => current?.without(field) ?? null);
  };
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ request: AssistanceRequestView }>(`/api/patients/${encodeURIComponent(patient.id)}/assistance-requests`, { body: form });
      await queryClient.invalidateQueries({ queryKey: assistanceKey });
      onSent(answer.request);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };
  const fieldError = (field: string) => error?.fieldErrors[field];
  const unplaced = error && !["question", "thematicAreaId", "urgency", "dueDate", "sharedSections", "sharedFileIds"].some((field) => fieldError(field));
  return (
    <Stack maw={760}>
      <Textarea
        label={t("new.question")}
        description={t("new.questionHelp")}
        required
        autosize
        minRows={4}
        maxLength={5000}
        value={form.question}
        error={fieldError("question")}
        onChange={(event) => change("question", event.currentTarget.value)}
      />
      <Select
        label={t("new.area")}
        placeholder={t("new.areaPlaceholder")}
        required
        data={(areas.data?.areas ?? []).map((area) => ({ value: area.id, label: area.name }))}
        value={form.thematicAreaId || null}
        error={fieldError("thematicAreaId") ?? (areas.isError ? areas.error.message : undefined)}
        onChange={(value) => change("thematicAreaId", value ?? "")}
        searchable
      />
      <Radio.Group
        label={t("new.urgency")}
        description={t("new.urgentHelp")}
        value={form.urgency}
        error={fieldError("urgency")}
        onChange={(value) => change("urgency", value as Urgency)}
      >
        <Group mt="xs">
          <Radio value="routine" label={t("urgency.routine")} />
          <Radio value="urgent" label={t("urgency.urgent")} />
        </Group>
      </Radio.Group>
      <TextInput
        type="date"
        label={t("new.dueDate")}
        required
        w={220}
        min={inDays(0)}
        value={form.dueDate}
        error={fieldError("dueDate")}
        onChange={(event) => change("dueDate", event.currentTarget.value)}
      />
      <Checkbox.Group
        label={t("new.share")}
        description={t("new.shareHelp")}
        value={form.sharedSections}
        error={fieldError("sharedSections")}
        onChange={(value) => change("sharedSections", value as ShareableSection[])}
      >
        <Stack gap="xs" mt="xs">
          {SECTIONS.map((section) => (
            <Checkbox key={section} value={section} label={t(`sections.${section}`)} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Checkbox.Group
        label={t("new.attachments")}
        value={form.sharedFileIds}
        error={fieldError("sharedFileIds")}
        onChange={(value) => change("sharedFileIds", value)}
      >
        <Stack gap="xs" mt="xs">
          {attachments.isPending && <Loader size="xs" aria-label={t("loading")} />}
          {attachments.data?.attachments.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("new.noAttachments")}
            </Text>
          )}
          {attachments.data?.attachments.map((file) => (
            <Checkbox key={file.id} value={file.id} label={file.title ? `${file.title} (${file.name})` : file.name} />
          ))}
        </Stack>
      </Checkbox.Group>
      {unplaced && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      <Group>
        <Button onClick={send} loading={busy}>
          {t("new.send")}
        </Button>
        <Button component={Link} to={`/patients/${encodeURIComponent(patient.id)}?tab=panels`} variant="default">
          {t("common.cancel")}
        </Button>
      </Group>
    </Stack>
  );
}

function Sent({ request }: { request: AssistanceRequestView }) {
  const { t } = useTranslation("assistance");
  return (
    <Alert color="green" title={t("new.sentTitle")} role="status">
      <Stack gap="xs">
        <Text size="sm">{t("new.sent", { reference: request.reference, ern: request.ernCode })}</Text>
        <Anchor component={Link} to="/assistance/mine" size="sm">
          {t("new.toMine")}
        </Anchor>
      </Stack>
    </Alert>
  );
}

function AskFor({ patientId }: { patientId: string }) {
  const { t } = useTranslation("assistance");
  const found = usePatient(patientId);
  const [sent, setSent] = useState<AssistanceRequestView | null>(null);
  if (found.isPending) return <Loader aria-label={t("loading")} />;
  if (found.isError)
    return (
      <Alert color="red" role="alert">
        {found.error.message}
      </Alert>
    );
  const { patient } = found.data;
  return (
    <Stack>
      <Anchor component={Link} to={`/patients/${encodeURIComponent(patient.id)}?tab=panels`} size="sm">
        {t("new.backToPatient", { pseudonym: patient.pseudonym })}
      </Anchor>
      <Title order={1} size="h2">
        {t("new.title")}
      </Title>
      <Text fw={500}>{t("new.patient", { pseudonym: patient.pseudonym, ern: patient.ernCode })}</Text>
      {sent ? (
        <Sent request={sent} />
      ) : patient.withdrawn ? (
        <Alert color="gray">{t("new.withdrawn")}</Alert>
      ) : !patient.canWrite ? (
        <Alert color="gray">{t("new.mayNotAsk")}</Alert>
      ) : (
        <>
          <Text size="sm" c="dimmed" maw={760}>
            {t("new.intro", { ern: patient.ernCode, pseudonym: patient.pseudonym })}
          </Text>
          <RequestForm patient={patient} onSent={setSent} />
        </>
      )}
    </Stack>
  );
}

export function NewRequestPage() {
  const { t } = useTranslation("assistance");
  const [params] = useSearchParams();
  const patientId = params.get("patient") ?? "";
  return (
    <CpmsFrame>
      {() =>
        patientId ? (
          <AskFor patientId={patientId} />
        ) : (
          <Stack>
            <Title order={1} size="h2">
              {t("new.title")}
            </Title>
            <Alert color="gray">{t("new.noPatient")}</Alert>
          </Stack>
        )
      }
    </CpmsFrame>
  );
}
