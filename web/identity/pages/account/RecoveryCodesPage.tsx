/*
 * "My recovery codes": how many unused codes are left (never the codes
 * themselves), and "Generate new recovery codes" — after a warning when the
 * current ones would stop working — which shows the new ten once. Generating
 * asks for the password again when the sign-in is not recent.
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../../ui/api.ts";
import { useSession } from "../../session.ts";
import { AccountFrame } from "./AccountFrame.tsx";
import { useProtectedAction } from "./Reauthenticate.tsx";
import { NewCodesPanel } from "./recovery/NewCodesPanel.tsx";

type Status = { remaining: number; generatedAt: string | null };

export function RecoveryCodesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const { run, dialog } = useProtectedAction();
  const status = useQuery({ queryKey: ["recovery-codes"], queryFn: () => api<Status>("/api/account/recovery-codes") });
  const [codes, setCodes] = useState<string[] | null>(null);
  const [isConfirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      const answer = await run(() => api<{ codes: string[] }>("/api/account/recovery-codes", { method: "POST" }));
      setCodes(answer.codes);
      await queryClient.invalidateQueries({ queryKey: ["recovery-codes"] });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.generic"));
    } finally {
      setBusy(false);
    }
  };

  const remaining = status.data?.remaining ?? 0;
  return (
    <AccountFrame title={t("account.recoveryCodes")}>
      {dialog}
      {codes ? (
        <NewCodesPanel codes={codes} email={session.data?.user?.email ?? ""} onDone={() => setCodes(null)} />
      ) : (
        <Stack>
          <Text size="sm">{t("recovery.intro")}</Text>
          {status.data && (
            <Text data-testid="recovery-remaining">
              {status.data.generatedAt
                ? t("recovery.remaining", { count: remaining, date: new Date(status.data.generatedAt).toLocaleString() })
                : t("recovery.none")}
            </Text>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button loading={busy} onClick={() => (remaining > 0 ? setConfirming(true) : generate())}>
              {t("recovery.generate")}
            </Button>
          </Group>
        </Stack>
      )}
      <Modal opened={isConfirming} onClose={() => setConfirming(false)} title={t("recovery.generate")} centered>
        <Stack>
          <Text>{t("recovery.replaceWarning", { count: remaining })}</Text>
          <Group>
            <Button color="orange" onClick={generate}>
              {t("recovery.replace")}
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t("recovery.cancel")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </AccountFrame>
  );
}
