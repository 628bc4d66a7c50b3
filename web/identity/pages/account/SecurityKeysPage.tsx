/*
 * "Manage my security keys and trusted platforms": the account's keys with
 * when they were added and last used; add one (the browser's ceremony),
 * rename one in place, remove one (warned when it is the last second
 * method). Adding and removing may ask for the password again first.
 */
import { Alert, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../ui/api.ts";
import { AccountFrame } from "./AccountFrame.tsx";
import { useProtectedAction } from "./Reauthenticate.tsx";
import { AddKey } from "./security-keys/AddKey.tsx";
import { KeyRow } from "./security-keys/KeyRow.tsx";
import { RemoveFactorDialog } from "./RemoveFactorDialog.tsx";
import type { Key } from "./security-keys/types.ts";

export function SecurityKeysPage() {
  const { t } = useTranslation();
  const { run, dialog } = useProtectedAction();
  const keys = useQuery({ queryKey: ["security-keys"], queryFn: () => api<{ keys: Key[] }>("/api/account/security-keys") });
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Key | null>(null);

  const changed = (message?: string) => {
    setNotice(message ?? null);
    keys.refetch();
  };

  return (
    <AccountFrame title={t("account.securityKeys")}>
      {dialog}
      <Text size="sm">{t("securityKeys.intro")}</Text>
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      {keys.data?.keys.length === 0 && <Text>{t("securityKeys.none")}</Text>}
      <Stack gap="xs">
        {keys.data?.keys.map((item) => (
          <KeyRow key={item.id} item={item} onRenamed={() => changed()} onRemove={() => setRemoving(item)} />
        ))}
      </Stack>
      <AddKey run={run} onAdded={changed} />
      {removing && (
        <RemoveFactorDialog
          url={`/api/account/security-keys/${removing.id}`}
          texts={{
            title: t("securityKeys.removeTitle"),
            question: t("securityKeys.removeConfirm", { name: removing.name }),
            remove: t("securityKeys.remove"),
            removeAnyway: t("securityKeys.removeAnyway"),
            cancel: t("securityKeys.cancel"),
          }}
          run={run}
          onClose={() => setRemoving(null)}
          onRemoved={(message) => {
            setRemoving(null);
            changed(message);
          }}
        />
      )}
    </AccountFrame>
  );
}
