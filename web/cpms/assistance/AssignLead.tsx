/*
 * "Assign a panel lead": search the ERN's HPs by name (empty: those of the
 * request's thematic area first, marked), choose one, an optional note,
 * "Assign". The server starts the panel (draft, the requester a member) and
 * the page says so with a link to it.
 */
import { Alert, Anchor, Button, Group, Loader, Radio, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api } from "../../ui/api.ts";
import { type AssistanceRequestView, assistanceKey, useLeads } from "./queries.ts";

export type Assigned = { panelId: string; message: string };

export function AssignLead({ request, onAssigned }: { request: AssistanceRequestView; onAssigned: (assigned: Assigned) => void }) {
  const { t } = useTranslation("assistance");
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [leadSub, setLeadSub] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const leads = useLeads(request.ernCode, debounced, request.thematicAreaId);
  const assign = async () => {
    if (!leadSub) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ panelId: string; message: string }>(`/api/assistance-requests/${encodeURIComponent(request.id)}/assign`, {
        body: { leadSub, ...(note.trim() ? { note } : {}) },
      });
      await queryClient.invalidateQueries({ queryKey: assistanceKey });
      onAssigned({ panelId: answer.panelId, message: answer.message });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };
  const candidates = leads.data?.leads ?? [];
  return (
    <Stack component="section" aria-label={t("detail.assignTitle")} gap="sm">
      <Title order={3} size="h4">
        {t("detail.assignTitle")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("detail.assignHelp")}
      </Text>
      <TextInput
        label={t("detail.findLead")}
        description={t("detail.findLeadHelp")}
        maxLength={100}
        value={search}
        rightSection={leads.isFetching ? <Loader size="xs" /> : undefined}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          setLeadSub(null);
        }}
      />
      {leads.isError && (
        <Alert color="red" role="alert">
          {leads.error.message}
        </Alert>
      )}
      {leads.isSuccess && candidates.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("detail.noLead")}
        </Text>
      )}
      {candidates.length > 0 && (
        <Radio.Group
          label={t("detail.leads")}
          value={leadSub}
          error={error?.fieldErrors.leadSub}
          onChange={(sub) => {
            setLeadSub(sub);
            setError((current) => current?.without("leadSub") ?? null);
          }}
        >
          <Stack gap="xs" mt="xs">
            {candidates.map((lead) => (
              <Radio
                key={lead.sub}
                value={lead.sub}
                label={`${lead.name} — ${lead.providerLabel} (${lead.countryCode})`}
                description={lead.inThematicArea ? t("detail.inArea") : undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <Textarea
        label={t("detail.note")}
        autosize
        minRows={2}
        maxLength={1000}
        value={note}
        error={error?.fieldErrors.note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
          setError((current) => current?.without("note") ?? null);
        }}
      />
      {error && !error.fieldErrors.leadSub && !error.fieldErrors.note && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      <Group>
        <Button onClick={assign} loading={busy} disabled={!leadSub}>
          {t("detail.assign")}
        </Button>
      </Group>
    </Stack>
  );
}

export function PanelStarted({ assigned }: { assigned: Assigned }) {
  const { t } = useTranslation("assistance");
  return (
    <Alert color="green" role="status">
      <Stack gap={4}>
        <Text size="sm">{assigned.message}</Text>
        <Text size="sm">
          {t("detail.started")}{" "}
          <Anchor component={Link} to={`/panels/${encodeURIComponent(assigned.panelId)}`}>
            {t("detail.toPanel")}
          </Anchor>
        </Text>
      </Stack>
    </Alert>
  );
}
