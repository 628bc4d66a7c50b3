/* The patient's attachments (reports, images, documents): listed, downloaded, and added by those who may change the record. */
import { Alert, Anchor, Button, FileInput, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { type FileView, attachmentsUrl, downloadHref } from "../files.ts";
import { formatDateTime } from "../format.ts";
import { patientKey } from "../queries.ts";
import { upload } from "../upload.ts";

const CATEGORIES = ["report", "image", "genetic_report", "other"] as const;

const sizeOf = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

function AddAttachment({ patient }: { patient: PatientView }) {
  const { t } = useTranslation("patients");
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [category, setCategory] = useState<string>("report");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await upload<{ message?: string }>(attachmentsUrl(patient.id), file, { title, category });
      await queryClient.invalidateQueries({ queryKey: patientKey(patient.id) });
      notifications.show({ color: "green", message: answer.message ?? t("files.addedNotice", { name: file.name }) });
      setFile(null);
      setTitle("");
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack component="section" aria-label={t("files.addTitle")}>
      <Title order={3} size="h4">
        {t("files.addTitle")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("files.help")}
      </Text>
      <Group align="flex-start" grow>
        <FileInput
          label={t("files.file")}
          clearable
          value={file}
          error={error?.fieldErrors.file}
          onChange={(chosen) => {
            setFile(chosen);
            setError(null);
          }}
        />
        <TextInput
          label={t("files.title")}
          maxLength={200}
          value={title}
          error={error?.fieldErrors.title}
          onChange={(event) => setTitle(event.currentTarget.value)}
        />
        <Select
          label={t("files.category")}
          allowDeselect={false}
          value={category}
          data={CATEGORIES.map((value) => ({ value, label: t(`files.categories.${value}`) }))}
          onChange={(value) => value && setCategory(value)}
        />
      </Group>
      {error && !error.fieldErrors.file && !error.fieldErrors.title && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      <Group>
        <Button onClick={send} loading={busy} disabled={!file}>
          {t("files.upload")}
        </Button>
      </Group>
    </Stack>
  );
}

export function AttachmentsTab({ patient }: { patient: PatientView }) {
  const { t } = useTranslation("patients");
  const list = useQuery({
    queryKey: [...patientKey(patient.id), "attachments"],
    queryFn: () => api<{ attachments: FileView[] }>(attachmentsUrl(patient.id)),
  });
  return (
    <Stack>
      {list.isPending && <Loader aria-label={t("loading")} />}
      {list.isError && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      {list.data && list.data.attachments.length === 0 && <Text c="dimmed">{t("files.none")}</Text>}
      {list.data && list.data.attachments.length > 0 && (
        <Table aria-label={t("files.table")} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("files.name")}</Table.Th>
              <Table.Th>{t("files.category")}</Table.Th>
              <Table.Th>{t("files.size")}</Table.Th>
              <Table.Th>{t("files.added")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.attachments.map((attachment) => (
              <Table.Tr key={attachment.id}>
                <Table.Td>
                  <Anchor href={downloadHref(patient.id, attachment.id)} download={attachment.name}>
                    {attachment.title || attachment.name}
                  </Anchor>
                  {attachment.title && (
                    <Text size="xs" c="dimmed">
                      {attachment.name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{t(`files.categories.${attachment.category}`, { defaultValue: attachment.category })}</Table.Td>
                <Table.Td>{sizeOf(attachment.size)}</Table.Td>
                <Table.Td>
                  {attachment.ownerName}, {formatDateTime(attachment.createdAt)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {patient.canWrite && !patient.withdrawn && <AddAttachment patient={patient} />}
    </Stack>
  );
}
