/*
 * Step 3, "Select access profile": the application's profiles with Name,
 * Status and Description; one or several are checked. A profile the user
 * already asked for or holds at that organisation shows that status and
 * cannot be asked again.
 */
import { Alert, Button, Checkbox, Skeleton, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProfileSummary } from "../../../src/access/contract.ts";
import { api } from "../../ui/api.ts";
import { StepButtons } from "./StepButtons.tsx";
import type { WizardState } from "./wizard-state.ts";

type Props = { state: WizardState; update: (change: Partial<WizardState>) => void; onCancel: () => void; onBack: () => void; onNext: () => void };

export function ProfileStep({ state, update, onCancel, onBack, onNext }: Props) {
  const { t } = useTranslation();
  const [missing, setMissing] = useState(false);
  const applicationId = state.application?.id ?? "";
  const providerId = state.organisation?.id ?? "";
  const profiles = useQuery({
    queryKey: ["profiles", applicationId, providerId],
    queryFn: () =>
      api<{ profiles: ProfileSummary[] }>(`/api/applications/${encodeURIComponent(applicationId)}/profiles?provider=${encodeURIComponent(providerId)}`),
  });
  const chosen = new Set(state.profiles.map((profile) => profile.id));
  const toggle = (profile: ProfileSummary, checked: boolean) => {
    setMissing(false);
    const rest = state.profiles.filter((entry) => entry.id !== profile.id);
    update({ profiles: checked ? [...rest, { id: profile.id, name: profile.name }] : rest });
  };

  return (
    <Stack>
      <Text fw={700}>
        <Text span c="red" aria-hidden>
          *
        </Text>
        {t("request.profiles")}
      </Text>
      {missing && (
        <Alert color="orange" role="alert">
          {t("request.chooseProfile")}
        </Alert>
      )}
      {profiles.isPending && <Skeleton height={200} aria-label={t("loading")} />}
      {profiles.isError && (
        <Alert color="red" role="alert">
          {profiles.error.message}
        </Alert>
      )}
      {profiles.data && (
        <Table striped withTableBorder aria-label={t("request.profiles")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("request.profileName")}</Table.Th>
              <Table.Th>{t("request.profileStatus")}</Table.Th>
              <Table.Th>{t("request.profileDescription")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profiles.data.profiles.map((profile) => {
              const isTaken = profile.status !== "active";
              return (
                <Table.Tr key={profile.id}>
                  <Table.Td>
                    <Checkbox
                      label={profile.name}
                      checked={chosen.has(profile.id) && !isTaken}
                      disabled={isTaken}
                      onChange={(event) => toggle(profile, event.currentTarget.checked)}
                    />
                  </Table.Td>
                  <Table.Td>{t(`status.${profile.status}`, { defaultValue: profile.status })}</Table.Td>
                  <Table.Td>{profile.description}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <StepButtons
        back={t("request.toStep2Back")}
        onBack={onBack}
        onCancel={onCancel}
        next={
          <Button
            onClick={() => {
              const available = new Set(profiles.data?.profiles.filter((profile) => profile.status === "active").map((profile) => profile.id));
              const kept = state.profiles.filter((profile) => available.has(profile.id));
              if (kept.length !== state.profiles.length) update({ profiles: kept });
              if (kept.length > 0) onNext();
              else setMissing(true);
            }}
          >
            {t("request.toStep4")}
          </Button>
        }
      />
    </Stack>
  );
}
