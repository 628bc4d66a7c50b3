/*
 * The panel's own actions, offered as the server lists them in `you.actions`:
 * "Open the panel" (a draft: the invitations go out), "Edit" (draft or open:
 * the question and what the panel shares) and "Delete draft" (the lead, a draft only, after a confirmation).
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { PanelView, ShareableSection } from "../../../../src/cpms/panels/contract.ts";
import type { ApiError } from "../../../ui/api.ts";
import { PanelFields, type PanelFieldValues } from "../new/PanelFields.tsx";
import { SharedDataFields } from "../new/SharedDataFields.tsx";
import { usePanelMutation, usePatientAttachments } from "../queries.ts";

function EditDialog({ panel, onClose }: { panel: PanelView; onClose: () => void }) {
  const { t } = useTranslation("panels");
  const [values, setValues] = useState<PanelFieldValues>({
    title: panel.title,
    question: panel.question,
    thematicAreaId: panel.thematicAreaId,
    urgency: panel.urgency,
    dueDate: panel.dueDate,
  });
  const [sections, setSections] = useState<ShareableSection[]>(panel.sharedSections);
  const [fileIds, setFileIds] = useState<string[]>((panel.files ?? []).filter((file) => file.source === "record").map((file) => file.id));
  const attachments = usePatientAttachments(panel.patientId);
  const save = usePanelMutation<{ panel: PanelView; message: string }>(panel.id);
  const error = save.error as ApiError | null;
  const shownElsewhere = error && !Object.keys(error.fieldErrors).some((field) => field in values || field.startsWith("shared"));
  return (
    <Modal opened onClose={onClose} title={t("panel.editTitle")} size="lg" centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const changes = {
            ...values,
            thematicAreaId: values.thematicAreaId ?? undefined,
            sharedSections: sections,
            // Only who may list the patient's attachments chooses among them.
            ...(attachments.isSuccess ? { sharedFileIds: fileIds } : {}),
          };
          save.mutate(
            { method: "PATCH", body: changes },
            {
              onSuccess: (answer) => {
                notifications.show({ color: "green", message: answer.message });
                onClose();
              },
            },
          );
        }}
      >
        <Stack>
          <PanelFields ernCode={panel.ernCode} values={values} error={error} onChange={(next) => setValues((current) => ({ ...current, ...next }))} />
          <SharedDataFields attachments={attachments} sections={sections} fileIds={fileIds} error={error} onSections={setSections} onFiles={setFileIds} />
          {shownElsewhere && (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteDialog({ panel, onClose }: { panel: PanelView; onClose: () => void }) {
  const { t } = useTranslation("panels");
  const navigate = useNavigate();
  const remove = usePanelMutation<{ message: string }>(panel.id);
  return (
    <Modal opened onClose={onClose} title={t("panel.deleteTitle")} centered>
      <Stack>
        <Text size="sm">{t("panel.deleteText", { title: panel.title })}</Text>
        {remove.error && (
          <Alert color="red" role="alert">
            {remove.error.message}
          </Alert>
        )}
        <Group>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(
                { method: "DELETE" },
                {
                  onSuccess: (answer) => {
                    notifications.show({ color: "green", message: answer.message });
                    navigate(`/patients/${panel.patientId}?tab=panels`);
                  },
                },
              )
            }
          >
            {t("panel.deleteConfirm")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function PanelActions({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const open = usePanelMutation<{ panel: PanelView; message: string }>(panel.id);
  const may = (action: PanelView["you"]["actions"][number]) => panel.you.actions.includes(action);
  if (!may("open") && !may("edit") && !may("delete")) return null;
  return (
    <Stack gap="xs">
      {panel.status === "draft" && panel.you.canManage && <Text size="sm">{t("panel.draftNote")}</Text>}
      <Group role="group" aria-label={t("panel.actions")}>
        {may("open") && (
          <Button
            loading={open.isPending}
            title={t("panel.openConfirm")}
            onClick={() => open.mutate({ path: "/open", body: {} }, { onSuccess: (answer) => notifications.show({ color: "green", message: answer.message }) })}
          >
            {t("panel.open")}
          </Button>
        )}
        {may("edit") && (
          <Button variant="default" onClick={() => setDialog("edit")}>
            {t("panel.edit")}
          </Button>
        )}
        {may("delete") && (
          <Button variant="subtle" color="red" onClick={() => setDialog("delete")}>
            {t("panel.delete")}
          </Button>
        )}
      </Group>
      {open.error && (
        <Alert color="red" role="alert">
          {open.error.message}
        </Alert>
      )}
      {dialog === "edit" && <EditDialog panel={panel} onClose={() => setDialog(null)} />}
      {dialog === "delete" && <DeleteDialog panel={panel} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
