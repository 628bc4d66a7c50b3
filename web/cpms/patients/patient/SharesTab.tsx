/* Who the patient is shared with (members or healthcare providers, in which ERN, why), "Share", and revoking a share. */
import { Alert, Badge, Button, Group, Loader, Modal, Stack, Table, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import type { ShareView } from "../../../../src/cpms/sharing/schemas.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { formatDateTime } from "../format.ts";
import { patientKey } from "../queries.ts";
import { ShareDialog } from "./ShareDialog.tsx";

function RevokeDialog({ patient, share, onDone, onClose }: { patient: PatientView; share: ShareView; onDone: (message: string) => void; onClose: () => void }) {
  const { t } = useTranslation("patients");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ message: string }>(`/api/patients/${patient.id}/shares/${share.id}`, { method: "DELETE", body: { reason } });
      onDone(answer.message);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t("shares.revokeTitle", { name: share.targetName })} centered>
      <Stack>
        <Text size="sm">{t("shares.revokeText", { name: share.targetName })}</Text>
        <Textarea
          label={t("shares.revokeReason")}
          maxLength={1000}
          value={reason}
          error={error?.fieldErrors.reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        {error && !error.fieldErrors.reason && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button color="red" loading={busy} onClick={revoke}>
            {t("shares.revokeConfirm")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function SharesTab({ patient }: { patient: PatientView }) {
  const { t } = useTranslation("patients");
  const queryClient = useQueryClient();
  const key = [...patientKey(patient.id), "shares"];
  const shares = useQuery({ queryKey: key, queryFn: () => api<{ shares: ShareView[] }>(`/api/patients/${patient.id}/shares`) });
  const [dialog, setDialog] = useState<{ kind: "share" } | { kind: "revoke"; share: ShareView } | null>(null);
  const done = (message: string) => {
    setDialog(null);
    void queryClient.invalidateQueries({ queryKey: key });
    notifications.show({ color: "green", message });
  };
  const mayShare = patient.canWrite && !patient.withdrawn;
  return (
    <Stack>
      {mayShare && (
        <Group>
          <Button onClick={() => setDialog({ kind: "share" })}>{t("shares.open")}</Button>
        </Group>
      )}
      {shares.isPending && <Loader aria-label={t("loading")} />}
      {shares.isError && (
        <Alert color="red" role="alert">
          {shares.error.message}
        </Alert>
      )}
      {shares.data && shares.data.shares.length === 0 && <Text c="dimmed">{t("shares.none")}</Text>}
      {shares.data && shares.data.shares.length > 0 && (
        <Table aria-label={t("shares.table")} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("shares.with")}</Table.Th>
              <Table.Th>{t("shares.ern")}</Table.Th>
              <Table.Th>{t("shares.reason")}</Table.Th>
              <Table.Th>{t("shares.by")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shares.data.shares.map((share) => (
              <Table.Tr key={share.id}>
                <Table.Td>
                  {share.targetName} <Badge variant="light">{t(`shares.kinds.${share.kind}`)}</Badge>
                </Table.Td>
                <Table.Td>{share.ernCode}</Table.Td>
                <Table.Td>{share.reason}</Table.Td>
                <Table.Td>
                  {share.sharedByName}, {formatDateTime(share.sharedAt)}
                </Table.Td>
                <Table.Td>
                  {share.revokedAt ? (
                    <Text size="xs">
                      {t("shares.revokedBy", { name: share.revokedByName, when: formatDateTime(share.revokedAt) })}
                      {share.revokeReason ? ` — ${share.revokeReason}` : ""}
                    </Text>
                  ) : (
                    mayShare && (
                      <Button size="xs" variant="light" color="red" onClick={() => setDialog({ kind: "revoke", share })}>
                        {t("shares.revoke")}
                      </Button>
                    )
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dialog?.kind === "share" && <ShareDialog patient={patient} onShared={done} onClose={() => setDialog(null)} />}
      {dialog?.kind === "revoke" && <RevokeDialog patient={patient} share={dialog.share} onDone={done} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
