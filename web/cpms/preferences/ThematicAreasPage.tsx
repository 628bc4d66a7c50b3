/*
 * An ERN's thematic areas, for its coordinators: add one, rename one,
 * retire one (it leaves "My Preferences" but stays listed as retired).
 */
import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { ThematicArea, ThematicAreasView } from "../../../src/cpms/preferences/contract.ts";
import { ApiError, api } from "../../ui/api.ts";
import { CpmsFrame } from "../Frame.tsx";

type Change = { method: "POST" | "PATCH"; path: string; body?: unknown };

function AreaRow({ area, onChange, busy }: { area: ThematicArea; onChange: (change: Change) => Promise<unknown>; busy: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState<string | null>(null);
  if (area.retiredAt)
    return (
      <Table.Tr>
        <Table.Td c="dimmed">{area.name}</Table.Td>
        <Table.Td>
          <Badge color="gray">{t("areas.retired", { date: area.retiredAt.slice(0, 10) })}</Badge>
        </Table.Td>
      </Table.Tr>
    );
  return (
    <Table.Tr>
      <Table.Td>
        {name === null ? (
          area.name
        ) : (
          <TextInput aria-label={t("areas.newName")} value={name} maxLength={300} onChange={(event) => setName(event.currentTarget.value)} />
        )}
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          {name === null ? (
            <Button size="xs" variant="default" onClick={() => setName(area.name)}>
              {t("areas.rename")}
            </Button>
          ) : (
            <Button size="xs" loading={busy} onClick={() => onChange({ method: "PATCH", path: area.id, body: { name } }).then(() => setName(null))}>
              {t("areas.saveName")}
            </Button>
          )}
          <Button size="xs" variant="subtle" color="red" disabled={busy} onClick={() => onChange({ method: "POST", path: `${area.id}/retire` })}>
            {t("areas.retire")}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function ThematicAreas({ ern }: { ern: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const base = `/api/erns/${encodeURIComponent(ern)}/thematic-areas`;
  const view = useQuery({ queryKey: ["thematic-areas", ern], queryFn: () => api<ThematicAreasView>(base) });
  const [name, setName] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const change = useMutation({
    mutationFn: ({ method, path, body }: Change) => api<{ message: string }>(path ? `${base}/${path}` : base, { method, body: body ?? {} }),
    onSuccess: async (answer) => {
      setError(null);
      notifications.show({ color: "green", message: answer.message });
      await queryClient.invalidateQueries({ queryKey: ["thematic-areas", ern] });
      await queryClient.invalidateQueries({ queryKey: ["preferences", ern] });
    },
    onError: (failure) => setError(failure instanceof ApiError ? failure : new ApiError(0, failure.message, {})),
  });

  if (view.isPending) return <Skeleton height={300} />;
  if (view.isError)
    return (
      <Alert color="red" role="alert">
        {view.error.message}
      </Alert>
    );
  return (
    <Stack>
      <Title order={1}>{t("areas.title", { ern: `${view.data.ern.code} - ${view.data.ern.name}` })}</Title>
      <Text c="dimmed">{t("areas.intro")}</Text>
      {!view.data.canMaintain && <Alert color="yellow">{t("areas.onlyCoordinators", { ern: view.data.ern.code })}</Alert>}
      {error && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      {view.data.canMaintain && (
        <Paper
          withBorder
          p="md"
          component="form"
          onSubmit={(event) => {
            event.preventDefault();
            change.mutateAsync({ method: "POST", path: "", body: { name } }).then(
              () => setName(""),
              () => undefined,
            );
          }}
        >
          <Group align="end">
            <TextInput
              label={t("areas.newArea")}
              value={name}
              maxLength={300}
              onChange={(event) => setName(event.currentTarget.value)}
              error={error?.fieldErrors.name}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={change.isPending}>
              {t("areas.add")}
            </Button>
          </Group>
        </Paper>
      )}
      <Table withTableBorder aria-label={t("areas.table")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("preferences.area")}</Table.Th>
            <Table.Th w={260} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.data.areas.map((area) =>
            view.data.canMaintain ? (
              <AreaRow key={area.id} area={area} busy={change.isPending} onChange={(c) => change.mutateAsync(c)} />
            ) : (
              <Table.Tr key={area.id}>
                <Table.Td>{area.name}</Table.Td>
                <Table.Td />
              </Table.Tr>
            ),
          )}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function ThematicAreasPage() {
  const { ern = "" } = useParams();
  return <CpmsFrame>{() => <ThematicAreas key={ern} ern={ern} />}</CpmsFrame>;
}
