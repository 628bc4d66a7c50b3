/*
 * Choosing a file and sending it at once (a staged upload the record or a
 * consent then claims by its id): the server checks its type by content and
 * its size, and its refusal shows under the field.
 */
import { FileInput, Group, Loader, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../ui/api.ts";
import { type FileView, stageFile } from "./files.ts";

export function FileField({
  label,
  description,
  kind,
  error,
  onUploaded,
}: {
  label: string;
  description?: string;
  kind: "attachment" | "consent_form";
  error?: string;
  onUploaded: (file: FileView | null) => void;
}) {
  const { t } = useTranslation("patients");
  const [chosen, setChosen] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sent, setSent] = useState<FileView | null>(null);
  const choose = async (file: File | null) => {
    setChosen(file);
    setRefusal(null);
    setSent(null);
    onUploaded(null);
    if (!file) return;
    setBusy(true);
    try {
      const stored = await stageFile(file, kind);
      setSent(stored);
      onUploaded(stored);
    } catch (caught) {
      setRefusal(caught instanceof ApiError ? (caught.fieldErrors.file ?? caught.message) : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <FileInput
        label={label}
        description={description}
        clearable
        value={chosen}
        onChange={choose}
        error={refusal ?? error}
        rightSection={busy ? <Loader size="xs" /> : undefined}
      />
      {sent && (
        <Group gap="xs" mt={4}>
          <Text size="xs" c="green" role="status">
            {t("files.uploaded", { name: sent.name })}
          </Text>
        </Group>
      )}
    </div>
  );
}
