/*
 * "Share": find a member (by name) or a healthcare provider (by code or
 * name), in this ERN or in any ERN, choose where they would see the patient,
 * and give the reason. The recipient sees the record by its pseudonym.
 * The directory lists members once they have logged in to CPMS.
 */
import { Alert, Button, Group, Loader, Modal, Radio, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PatientView } from "../../../../src/cpms/patients/contract.ts";
import type { DirectoryPerson, DirectoryProvider } from "../../../../src/cpms/sharing/schemas.ts";
import { ApiError, api } from "../../../ui/api.ts";

type Target = { key: string; with: { kind: "user"; sub: string } | { kind: "hcp"; providerId: string }; ernCode: string; label: string };

function targetsOf(people: DirectoryPerson[], providers: DirectoryProvider[]): Target[] {
  return [
    ...people.flatMap((person) =>
      person.memberships.map((membership) => ({
        key: `user:${person.sub}:${membership.ernCode}:${membership.providerId}:${membership.profile}`,
        with: { kind: "user" as const, sub: person.sub },
        ernCode: membership.ernCode,
        label: `${person.name} — ${membership.profile}, ${membership.providerName} (${membership.countryName}), ${membership.ernCode}`,
      })),
    ),
    ...providers.map((provider) => ({
      key: `hcp:${provider.providerId}`,
      with: { kind: "hcp" as const, providerId: provider.providerId },
      ernCode: provider.ernCode,
      label: `${provider.providerCode} - ${provider.providerName} (${provider.countryName}), ${provider.ernCode}`,
    })),
  ];
}

export function ShareDialog({ patient, onShared, onClose }: { patient: PatientView; onShared: (message: string) => void; onClose: () => void }) {
  const { t } = useTranslation("patients");
  const [scope, setScope] = useState<"this" | "any">("this");
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<Target | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const query = new URLSearchParams({ q: debounced, ...(scope === "this" ? { ern: patient.ernCode } : {}) });
  const found = useQuery({
    queryKey: ["directory", query.toString()],
    queryFn: () => api<{ people: DirectoryPerson[]; providers: DirectoryProvider[] }>(`/api/directory?${query}`),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
  });
  const targets = found.data ? targetsOf(found.data.people, found.data.providers) : [];
  const share = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ message: string }>(`/api/patients/${patient.id}/shares`, { body: { with: chosen.with, ernCode: chosen.ernCode, reason } });
      onShared(answer.message);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };
  const targetError = error?.fieldErrors.with ?? error?.fieldErrors["with.sub"] ?? error?.fieldErrors["with.providerId"] ?? error?.fieldErrors.ernCode;
  return (
    <Modal opened onClose={onClose} title={t("shares.dialogTitle", { pseudonym: patient.pseudonym })} size="lg" centered>
      <Stack>
        <Text size="sm">{t("shares.explain")}</Text>
        <SegmentedControl
          aria-label={t("shares.scope")}
          value={scope}
          data={[
            { value: "this", label: t("shares.inThisErn", { ern: patient.ernCode }) },
            { value: "any", label: t("shares.inAnyErn") },
          ]}
          onChange={(next) => {
            setScope(next as "this" | "any");
            setChosen(null);
          }}
        />
        <TextInput
          label={t("shares.find")}
          description={t("shares.findHelp")}
          maxLength={100}
          value={search}
          rightSection={found.isFetching ? <Loader size="xs" /> : undefined}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setChosen(null);
          }}
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
            value={chosen?.key ?? null}
            onChange={(key) => setChosen(targets.find((target) => target.key === key) ?? null)}
            error={targetError}
          >
            <Stack gap="xs" mt="xs">
              {targets.map((target) => (
                <Radio key={target.key} value={target.key} label={target.label} />
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
        {error && !error.fieldErrors.reason && !targetError && (
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
