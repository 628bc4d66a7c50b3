/*
 * The patient's consents: care, ERN registries and research — each given or
 * refused on a date, who recorded it, the signed form. Recording another,
 * and withdrawing one after a confirmation that spells out what follows.
 */
import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ConsentKind, ConsentView, PatientView } from "../../../../src/cpms/patients/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { FileField } from "../FileField.tsx";
import { downloadHref } from "../files.ts";
import { formatDate, formatDateTime, today } from "../format.ts";
import { patientKey } from "../queries.ts";

const KINDS: ConsentKind[] = ["care", "registries", "research"];

function useRefresh(patientId: string) {
  const queryClient = useQueryClient();
  return (patient: PatientView, message: string) => {
    queryClient.setQueryData(patientKey(patientId), { patient });
    void queryClient.invalidateQueries({ queryKey: patientKey(patientId) });
    notifications.show({ color: "green", message });
  };
}

function WithdrawDialog({ patient, consent, onClose }: { patient: PatientView; consent: ConsentView; onClose: () => void }) {
  const { t } = useTranslation("patients");
  const refresh = useRefresh(patient.id);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ patient: PatientView; message: string }>(`/api/patients/${patient.id}/consents/${consent.kind}/withdraw`, {
        body: { reason },
      });
      refresh(answer.patient, answer.message);
      onClose();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t("consents.withdrawTitle", { kind: t(`consents.kinds.${consent.kind}`) })} size="lg" centered>
      <Stack>
        <Alert color="orange" title={t("consents.consequencesTitle")}>
          {t(`consents.consequences.${consent.kind}`)}
        </Alert>
        <Textarea
          label={t("consents.reason")}
          required
          maxLength={1000}
          autosize
          minRows={2}
          value={reason}
          error={error?.fieldErrors.reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setError((current) => current?.without("reason") ?? null);
          }}
        />
        {error && !error.fieldErrors.reason && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button color="red" loading={busy} onClick={withdraw}>
            {t("consents.withdrawConfirm")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RecordConsent({ patient, standing }: { patient: PatientView; standing: Set<ConsentKind> }) {
  const { t } = useTranslation("patients");
  const refresh = useRefresh(patient.id);
  const free = KINDS.filter((kind) => !standing.has(kind));
  const [kind, setKind] = useState<ConsentKind | null>(free[0] ?? null);
  const [given, setGiven] = useState(true);
  const [date, setDate] = useState(today());
  const [formFileId, setFormFileId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!free.length) return null;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ patient: PatientView; message: string }>(`/api/patients/${patient.id}/consents`, { body: { kind, given, date, formFileId } });
      refresh(answer.patient, answer.message);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack component="section" aria-label={t("consents.recordTitle")}>
      <Title order={3} size="h4">
        {t("consents.recordTitle")}
      </Title>
      <Group align="flex-start" grow>
        <Select
          label={t("consents.kind")}
          value={kind}
          allowDeselect={false}
          error={error?.fieldErrors.kind}
          data={free.map((value) => ({ value, label: t(`consents.kinds.${value}`) }))}
          onChange={(value) => setKind(value as ConsentKind)}
        />
        <TextInput
          type="date"
          label={t("consents.date")}
          value={date}
          error={error?.fieldErrors.date}
          onChange={(event) => setDate(event.currentTarget.value)}
        />
      </Group>
      <Checkbox label={t("consents.given")} checked={given} onChange={(event) => setGiven(event.currentTarget.checked)} />
      <FileField label={t("consents.form")} kind="consent_form" error={error?.fieldErrors.formFileId} onUploaded={(file) => setFormFileId(file?.id ?? null)} />
      {error && !Object.keys(error.fieldErrors).length && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      <Group>
        <Button onClick={save} loading={busy} disabled={!kind}>
          {t("consents.recordButton")}
        </Button>
      </Group>
    </Stack>
  );
}

export function ConsentsTab({ patient }: { patient: PatientView }) {
  const { t } = useTranslation("patients");
  const [withdrawing, setWithdrawing] = useState<ConsentView | null>(null);
  const standing = new Set(patient.consents.filter((consent) => !consent.withdrawnAt).map((consent) => consent.kind));
  return (
    <Stack>
      <Table aria-label={t("consents.table")} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("consents.kind")}</Table.Th>
            <Table.Th>{t("consents.answer")}</Table.Th>
            <Table.Th>{t("consents.date")}</Table.Th>
            <Table.Th>{t("consents.recordedBy")}</Table.Th>
            <Table.Th>{t("consents.form")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {patient.consents.map((consent) => (
            <Table.Tr key={consent.id}>
              <Table.Td>{t(`consents.kinds.${consent.kind}`)}</Table.Td>
              <Table.Td>
                {consent.withdrawnAt ? (
                  <Stack gap={2}>
                    <Badge color="gray">{t("consents.withdrawn")}</Badge>
                    <Text size="xs">
                      {t("consents.withdrawnBy", { name: consent.withdrawnByName, when: formatDateTime(consent.withdrawnAt) })}
                      {consent.withdrawalReason ? ` — ${consent.withdrawalReason}` : ""}
                    </Text>
                  </Stack>
                ) : (
                  <Badge color={consent.given ? "green" : "red"}>{consent.given ? t("consents.givenBadge") : t("consents.refusedBadge")}</Badge>
                )}
              </Table.Td>
              <Table.Td>{formatDate(consent.date)}</Table.Td>
              <Table.Td>
                {consent.recordedByName}, {formatDateTime(consent.recordedAt)}
              </Table.Td>
              <Table.Td>
                {consent.formFileId ? (
                  <Anchor href={downloadHref(patient.id, consent.formFileId)} size="sm">
                    {t("consents.download")}
                  </Anchor>
                ) : (
                  "—"
                )}
              </Table.Td>
              <Table.Td>
                {!consent.withdrawnAt && consent.given && patient.canWrite && (
                  <Button size="xs" variant="light" color="red" onClick={() => setWithdrawing(consent)}>
                    {t("consents.withdraw")}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {patient.canWrite && <RecordConsent key={[...standing].join()} patient={patient} standing={standing} />}
      {withdrawing && <WithdrawDialog patient={patient} consent={withdrawing} onClose={() => setWithdrawing(null)} />}
    </Stack>
  );
}
