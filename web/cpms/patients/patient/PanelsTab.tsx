/*
 * The panels on a patient: each one's reference, question, status and due
 * date, then the signed outcomes, which stay with the patient (their PDF
 * downloads are audited). "Create a panel" and "Ask the ERN for
 * assistance" for those who may change the record while the consent for
 * care stands (the server takes either from them only).
 */
import { Alert, Anchor, Button, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import { DueDate, StatusBadge, UrgentBadge } from "../../panels/badges.tsx";
import { outcomePdfHref, usePatientOutcomes, usePatientPanels } from "../../panels/queries.ts";
import { formatDateTime } from "../format.ts";

function Outcomes({ patientId }: { patientId: string }) {
  const { t } = useTranslation("panels");
  const outcomes = usePatientOutcomes(patientId);
  return (
    <Stack gap="xs" component="section" aria-labelledby="patient-outcomes">
      <Title order={3} size="h4" id="patient-outcomes">
        {t("patientTab.outcomes")}
      </Title>
      {outcomes.isPending && <Loader size="sm" aria-label={t("loading")} />}
      {outcomes.isError && (
        <Alert color="red" role="alert">
          {outcomes.error.message}
        </Alert>
      )}
      {outcomes.data?.outcomes.length === 0 && <Text c="dimmed">{t("patientTab.noOutcomes")}</Text>}
      {outcomes.data?.outcomes.map((outcome) => (
        <Stack key={outcome.panelId} gap={2}>
          <Group gap="sm">
            <Anchor component={Link} to={`/panels/${outcome.panelId}?tab=outcome`} fw={600}>
              {outcome.reference} — {outcome.title}
            </Anchor>
            <Anchor href={outcomePdfHref(outcome.panelId)} size="sm">
              {t("patientTab.pdf", { reference: outcome.reference })}
            </Anchor>
          </Group>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {outcome.recommendation}
          </Text>
          <Text size="xs" c="dimmed">
            {t("patientTab.signedBy", { name: outcome.signedByName, when: formatDateTime(outcome.signedAt) })}
          </Text>
        </Stack>
      ))}
    </Stack>
  );
}

export function PanelsTab({ patient }: { patient: PatientView }) {
  const { t } = useTranslation("panels");
  const panels = usePatientPanels(patient.id);
  const mayCreate = patient.canWrite && patient.consentCare && !patient.withdrawn;
  return (
    <Stack>
      <Group>
        {mayCreate && (
          <Button component={Link} to={`/patients/${patient.id}/panels/new`}>
            {t("patientTab.create")}
          </Button>
        )}
        {mayCreate && (
          <Button component={Link} to={`/assistance/new?patient=${encodeURIComponent(patient.id)}`} variant="default">
            {t("patientTab.askErn")}
          </Button>
        )}
      </Group>
      <Stack gap="xs" component="section" aria-labelledby="patient-panels">
        <Title order={3} size="h4" id="patient-panels">
          {t("patientTab.panels")}
        </Title>
        {panels.isPending && <Loader size="sm" aria-label={t("loading")} />}
        {panels.isError && (
          <Alert color="red" role="alert">
            {panels.error.message}
          </Alert>
        )}
        {panels.data?.panels.length === 0 && <Text c="dimmed">{t("patientTab.none")}</Text>}
        {panels.data && panels.data.panels.length > 0 && (
          <Table aria-label={t("patientTab.panels")} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("list.reference")}</Table.Th>
                <Table.Th>{t("list.panelTitle")}</Table.Th>
                <Table.Th>{t("list.lead")}</Table.Th>
                <Table.Th>{t("list.dueDate")}</Table.Th>
                <Table.Th>{t("list.contributions")}</Table.Th>
                <Table.Th>{t("list.statusColumn")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {panels.data.panels.map((panel) => (
                <Table.Tr key={panel.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/panels/${panel.id}`} fw={600}>
                      {panel.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{panel.title}</Table.Td>
                  <Table.Td>{panel.leadName}</Table.Td>
                  <Table.Td>
                    <DueDate panel={panel} />
                  </Table.Td>
                  <Table.Td>{panel.contributions}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <StatusBadge status={panel.status} />
                      <UrgentBadge panel={panel} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Outcomes patientId={patient.id} />
    </Stack>
  );
}
