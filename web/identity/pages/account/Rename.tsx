/*
 * Renaming an item of My Account in place (a security key, a mobile
 * device): useRename keeps the new name, the save and its error; RenameForm
 * is the form shown instead of the row while renaming. The row shows the
 * error itself once the form is closed.
 */
import { Button, Group, Paper, Stack, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../ui/api.ts";

export type Rename = ReturnType<typeof useRename>;

/** `url` takes PATCH {name}; `onRenamed` gets the answer's message, if any. */
export function useRename(url: string, onRenamed: (message: string | null) => void) {
  const { t } = useTranslation();
  const [newName, setNewName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ message?: string } | undefined>(url, { method: "PATCH", body: { name: newName } });
      setNewName(null);
      onRenamed(answer?.message ?? null);
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldErrors.name ?? caught.message) : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  return {
    newName,
    error,
    busy,
    save,
    start: (name: string) => setNewName(name),
    cancel: () => setNewName(null),
    edit: (name: string) => {
      setNewName(name);
      setError(null);
    },
  };
}

export function RenameForm({ rename, labels }: { rename: Rename; labels: { newName: string; save: string; cancel: string } }) {
  return (
    <Paper withBorder p="sm">
      <form onSubmit={rename.save} noValidate>
        <Stack gap="xs">
          <TextInput
            label={labels.newName}
            value={rename.newName ?? ""}
            onChange={(event) => rename.edit(event.currentTarget.value)}
            error={rename.error}
            maxLength={60}
            required
            autoFocus
          />
          <Group>
            <Button type="submit" size="xs" loading={rename.busy}>
              {labels.save}
            </Button>
            <Button size="xs" variant="default" onClick={rename.cancel}>
              {labels.cancel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
