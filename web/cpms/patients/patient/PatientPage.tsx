/*
 * A patient's page: the pseudonym (never a name), ERN, healthcare provider,
 * who enrolled and when, the consents' state; then the whole record by
 * section (edited with the version guard), its history, the consents, the
 * attachments, the shares, the panels on the patient and their signed
 * outcomes, and — for the enroller — who accessed it.
 * "?edit=1" opens the record's sections for editing (after enrolment).
 */
import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Tabs, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import { formatDateTime } from "../format.ts";
import { PatientsFrame } from "../PatientsFrame.tsx";
import { usePatient } from "../queries.ts";
import { RecordEditor } from "../record/RecordEditor.tsx";
import { RecordView } from "../record/RecordView.tsx";
import { AccessLogTab } from "./AccessLogTab.tsx";
import { AttachmentsTab } from "./AttachmentsTab.tsx";
import { ConsentsTab } from "./ConsentsTab.tsx";
import { HistoryTab } from "./HistoryTab.tsx";
import { PanelsTab } from "./PanelsTab.tsx";
import { SharesTab } from "./SharesTab.tsx";

function Header({ patient }: { patient: PatientView }) {
  const { t } = useTranslation("patients");
  return (
    <Stack gap={4}>
      <Anchor component={Link} to={`/patients?ern=${encodeURIComponent(patient.ernCode)}`} size="sm">
        {t("patient.backToList", { ern: patient.ernCode })}
      </Anchor>
      <Group gap="sm">
        <Title order={1} size="h2">
          {t("patient.title", { pseudonym: patient.pseudonym })}
        </Title>
        {patient.withdrawn ? (
          <Badge color="gray">{t("patient.withdrawn")}</Badge>
        ) : patient.consentCare ? (
          <Badge color="green">{t("patient.consentCare")}</Badge>
        ) : null}
      </Group>
      <Text size="sm">
        {t("patient.enrolled", {
          ern: patient.ernCode,
          hcp: `${patient.provider.code} - ${patient.provider.name}`,
          name: patient.enrolledByName,
          when: formatDateTime(patient.enrolledAt),
        })}
      </Text>
      {patient.localNumber !== null && (
        <Text size="sm" c="dimmed">
          {t("patient.localNumber", { number: patient.localNumber || t("record.notRecorded") })}
        </Text>
      )}
      {patient.withdrawn && (
        <Alert color="gray" mt="xs">
          {t("patient.withdrawnText")}
        </Alert>
      )}
    </Stack>
  );
}

function RecordTab({ patient }: { patient: PatientView }) {
  const { t } = useTranslation("patients");
  const [params, setParams] = useSearchParams();
  const editing = params.get("edit") === "1";
  const mayEdit = patient.canWrite && !patient.withdrawn;
  if (editing && mayEdit) return <RecordEditor key={patient.version} patient={patient} onDone={() => setParams({}, { replace: true })} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t("patient.version", { version: patient.version, when: formatDateTime(patient.updatedAt) })}
        </Text>
        {mayEdit && <Button onClick={() => setParams({ edit: "1" })}>{t("patient.edit")}</Button>}
      </Group>
      <RecordView record={patient.record} />
    </Stack>
  );
}

export function PatientPage() {
  const { t } = useTranslation("patients");
  const { t: tPanels } = useTranslation("panels");
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const found = usePatient(id);
  const tab = params.get("tab") ?? "record";
  return (
    <PatientsFrame>
      {found.isPending && <Loader aria-label={t("loading")} />}
      {found.isError && (
        <Alert color="red" role="alert" title={t("patient.unavailable")}>
          {found.error.message}
        </Alert>
      )}
      {found.data && (
        <Stack>
          <Header patient={found.data.patient} />
          <Tabs value={tab} onChange={(next) => setParams(next && next !== "record" ? { tab: next } : {})} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="record">{t("patient.tabs.record")}</Tabs.Tab>
              <Tabs.Tab value="history">{t("patient.tabs.history")}</Tabs.Tab>
              <Tabs.Tab value="consents">{t("patient.tabs.consents")}</Tabs.Tab>
              <Tabs.Tab value="attachments">{t("patient.tabs.attachments")}</Tabs.Tab>
              <Tabs.Tab value="sharing">{t("patient.tabs.sharing")}</Tabs.Tab>
              <Tabs.Tab value="panels">{tPanels("patientTab.tab")}</Tabs.Tab>
              {(found.data.patient.isEnroller || found.data.patient.canWrite) && <Tabs.Tab value="access">{t("patient.tabs.access")}</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="record" pt="md">
              <RecordTab patient={found.data.patient} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <HistoryTab patientId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="consents" pt="md">
              <ConsentsTab patient={found.data.patient} />
            </Tabs.Panel>
            <Tabs.Panel value="attachments" pt="md">
              <AttachmentsTab patient={found.data.patient} />
            </Tabs.Panel>
            <Tabs.Panel value="sharing" pt="md">
              <SharesTab patient={found.data.patient} />
            </Tabs.Panel>
            <Tabs.Panel value="panels" pt="md">
              <PanelsTab patient={found.data.patient} />
            </Tabs.Panel>
            {(found.data.patient.isEnroller || found.data.patient.canWrite) && (
              <Tabs.Panel value="access" pt="md">
                <AccessLogTab patientId={id} />
              </Tabs.Panel>
            )}
          </Tabs>
        </Stack>
      )}
    </PatientsFrame>
  );
}
