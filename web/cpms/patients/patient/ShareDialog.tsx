/*
 * "Share": find a member (by name or e-mail) or a healthcare provider, in
 * this ERN or another one, and give the reason. The recipient sees the
 * record read-only, by its pseudonym.
 */
import { Alert, Button, Group, Loader, Modal, Radio, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import { ApiError, api } from "../../../ui/api.ts";
import type { ShareTarget } from "./sharing-contract.ts";

const targetKey = (target: ShareTarget) => (target.kind === "user" ? `user:${target.sub}:${target.ernCode}` : `hcp:${target.providerId}`);

export function ShareDialog({ patient, onShared, onClose }: { patient: PatientView; onShared: (message: string) => void; onClose: () => void }) {
  const { t } = useTranslation("patients");
  const [kind, setKind] = useState<"user" | "hcp">("user");
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<ShareTarget | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const found = useQuery({
    queryKey: ["share-targets", patient.id, kind, debounced],
    queryFn: () => api<{ targets: ShareTarget[] }>(`/api/patients/${patient.id}/share-targets?${new URLSearchParams({ kind, q: debounced })}`),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
  });
  const targets = found.data?.targets ?? [];
  const share = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const body =
        chosen.kind === "user"
          ? { kind: "user", sub: chosen.sub, ernCode: chosen.ernCode, reason }
          : { kind: "hcp", providerId: chosen.providerId, ernCode: chosen.ernCode, reason };
      const answer = await api<{ message: string }>(`/api/patients/${patient.id}/shares`, { body });
      onShared(answer.message);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t("shares.dialogTitle", { pseudonym: patient.pseudonym })} size="lg" centered>
      <Stack>
        <Text size="sm">{t("shares.explain")}</Text>
        <SegmentedControl
          value={kind}
          data={[
            { value: "user", label: t("shares.aMember") },
            { value: "hcp", label: t("shares.anHcp") },
          ]}
          onChange={(next) => {
            setKind(next as "user" | "hcp");
            setChosen(null);
          }}
        />
        <TextInput
          label={kind === "user" ? t("shares.findMember") : t("shares.findHcp")}
          maxLength={100}
          value={search}
          rightSection={found.isFetching ? <Loader size="xs" /> : undefined}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
        {found.isError && (
          <Alert color="red" role="alert">
            {found.error.message}
          </Alert>
        )}
        {debounced.length >= 2 && found.isSuccess && targets.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("shares.nobody")}
          </Text>
        )}
        {targets.length > 0 && (
          <Radio.Group
            label={t("shares.choose")}
            value={chosen ? targetKey(chosen) : null}
            onChange={(value) => setChosen(targets.find((target) => targetKey(target) === value) ?? null)}
            error={error?.fieldErrors.sub ?? error?.fieldErrors.providerId}
          >
            <Stack gap="xs" mt="xs">
              {targets.map((target) => (
                <Radio key={targetKey(target)} value={targetKey(target)} label={`${target.name} — ${target.detail}`} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Textarea
          label={t("shares.reason")}
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          error={error?.fieldErrors.reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setError((current) => current?.without("reason") ?? null);
          }}
        />
        {error && !error.fieldErrors.reason && !error.fieldErrors.sub && !error.fieldErrors.providerId && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button onClick={share} loading={busy} disabled={!chosen}>
            {t("shares.share")}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
