/*
 * What the Contributions, Discussion and Outcome tabs of a panel share: their
 * texts (the "panels" namespace, merged with the page's own), sending an
 * action (pending state, the server's problem shown where the user acted,
 * the panel and the lists read again after every change), the panel's file
 * links, and staging attachments as "panel_file" uploads.
 */
import { Alert, Anchor, CloseButton, FileInput, Group, List, Loader, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import i18n from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FileView } from "../../../../src/cpms/files/contract.ts";
import type { PanelFileView, PanelView } from "../../../../src/cpms/panels/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import { upload } from "../../patients/upload.ts";
import { panelFileHref, panelKey, panelsKey, panelUrl } from "../queries.ts";
import texts from "./locales-tabs.en.json" with { type: "json" };

i18n.addResourceBundle("en", "panels", texts, true, true);

export const panelPath = (panel: Pick<PanelView, "id">, rest = "") => `${panelUrl(panel.id)}${rest}`;

/** The members one may mention or count on: the lead and those who accepted. */
export const activeMembers = (panel: PanelView) => (panel.members ?? []).filter((member) => member.role === "lead" || member.status === "accepted");

/**
 * One action on the panel: `run` sends it, shows the server's message, and
 * reads the panel again; a refusal stays in `error` for the form to show
 * (the ApiError itself is returned too, for callers that act on its code).
 */
export function usePanelAction(panel: PanelView) {
  const { t } = useTranslation("panels");
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async <T extends { message?: unknown }>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T | ApiError> => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<T>(panelPath(panel, path), { method: options.method ?? "POST", body: options.body ?? {} });
      if (typeof answer?.message === "string") notifications.show({ color: "green", message: answer.message });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: panelKey(panel.id) }),
        queryClient.invalidateQueries({ queryKey: panelsKey }),
        queryClient.invalidateQueries({ queryKey: ["notifications"] }),
      ]);
      return answer;
    } catch (caught) {
      const refusal = caught instanceof ApiError ? caught : new ApiError(0, t("tabs.errors.generic"), {});
      setError(refusal);
      return refusal;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError };
}

/** The server's refusal in words, unless a field already shows it. */
export function Refusal({ error, shownOn = [] }: { error: ApiError | null; shownOn?: string[] }) {
  if (!error || shownOn.some((field) => error.fieldErrors[field])) return null;
  return (
    <Alert color="red" role="alert">
      {error.message}
    </Alert>
  );
}

export function PanelFileLinks({ panel, files, label }: { panel: PanelView; files: PanelFileView[]; label: string }) {
  if (files.length === 0) return null;
  return (
    <List size="sm" aria-label={label}>
      {files.map((file) => (
        <List.Item key={file.id}>
          <Anchor href={panelFileHref(panel.id, file.id)} download={file.name}>
            {file.title || file.name}
          </Anchor>
        </List.Item>
      ))}
    </List>
  );
}

export type Attachment = { id: string; name: string };

/** Files staged (POST /api/uploads, kind "panel_file") or kept, to be named in attachmentIds; each removable before saving. */
export function AttachmentsField({
  label,
  attachments,
  onChange,
  error,
}: {
  label: string;
  attachments: Attachment[];
  onChange: (next: Attachment[]) => void;
  error?: string;
}) {
  const { t } = useTranslation("panels");
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const choose = async (file: File | null) => {
    setRefusal(null);
    if (!file) return;
    setBusy(true);
    try {
      const staged = (await upload<{ file: FileView }>("/api/uploads", file, { kind: "panel_file" })).file;
      onChange([...attachments, { id: staged.id, name: staged.name }]);
    } catch (caught) {
      setRefusal(caught instanceof ApiError ? (caught.fieldErrors.file ?? caught.message) : t("tabs.errors.generic"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <FileInput
        label={label}
        description={t("tabs.attachments.help")}
        value={null}
        onChange={choose}
        error={refusal ?? error}
        rightSection={busy ? <Loader size="xs" /> : undefined}
      />
      {attachments.map((attachment) => (
        <Group key={attachment.id} gap="xs" mt={4}>
          <Text size="sm">{attachment.name}</Text>
          <CloseButton
            size="sm"
            aria-label={t("tabs.attachments.remove", { name: attachment.name })}
            onClick={() => onChange(attachments.filter((kept) => kept.id !== attachment.id))}
          />
        </Group>
      ))}
    </div>
  );
}
