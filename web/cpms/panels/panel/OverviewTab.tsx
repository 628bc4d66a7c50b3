/*
 * A panel's overview: the clinical question, then what the panel shares —
 * the ticked sections of the current record and the shared files, each
 * downloaded through the panel (the server audits it). Invitees see the
 * question only; when the consent for care no longer stands, no data is
 * shown (the page's header says why).
 */
import { Alert, Anchor, Badge, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PanelView } from "../../../../src/cpms/panels/contract.ts";
import { panelFileHref } from "../queries.ts";
import { SharedRecord } from "./SharedRecord.tsx";

const sizeOf = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

function SharedFiles({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const files = panel.files ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="panel-files">
      <Title order={3} size="h4" id="panel-files">
        {t("overview.files")}
      </Title>
      {files.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("overview.noFiles")}
        </Text>
      ) : (
        <Table aria-label={t("overview.files")}>
          <Table.Tbody>
            {files.map((file) => (
              <Table.Tr key={file.id}>
                <Table.Td>
                  <Anchor href={panelFileHref(panel.id, file.id)} download={file.name}>
                    {file.title || file.name}
                  </Anchor>
                  {file.title && (
                    <Text size="xs" c="dimmed">
                      {file.name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={file.source === "record" ? "blue" : "grape"}>
                    {t(`overview.fileSource.${file.source}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{sizeOf(file.size)}</Table.Td>
                <Table.Td>{t("overview.addedBy", { name: file.addedByName })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function OverviewTab({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  return (
    <Stack>
      <Paper withBorder p="md" component="section" aria-labelledby="panel-question">
        <Title order={2} size="h4" id="panel-question" mb="xs">
          {t("overview.question")}
        </Title>
        <Text style={{ whiteSpace: "pre-wrap" }}>{panel.question}</Text>
      </Paper>
      {!panel.consentStands ? null : panel.shared === null ? (
        <Alert color="blue">{t("invitation.inviteeNote")}</Alert>
      ) : (
        <>
          <Stack gap="xs" component="section" aria-labelledby="panel-shared">
            <Title order={2} size="h4" id="panel-shared">
              {t("overview.shared")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("overview.sharedVersion", { version: panel.shared.version })}
            </Text>
            {panel.sharedSections.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("overview.noSections")}
              </Text>
            ) : (
              <SharedRecord record={panel.shared.record} />
            )}
          </Stack>
          <SharedFiles panel={panel} />
        </>
      )}
    </Stack>
  );
}
