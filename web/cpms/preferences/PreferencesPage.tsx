/*
 * "My Preferences" in one ERN, as the CPMS guide shows it: "<ERN> USER:
 * <name>", "My professional role:", then the ERN's thematic areas with "I
 * wish to participate" and "Select all". Errors from the server go next to
 * their field.
 */
import { Alert, Button, Checkbox, Group, Paper, Select, Skeleton, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { PROFESSIONAL_ROLES, type PreferencesInput, type PreferencesView } from "../../../src/cpms/preferences/contract.ts";
import { ApiError, api } from "../../ui/api.ts";
import { CpmsFrame } from "../Frame.tsx";

function PreferencesForm({ ern }: { ern: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const url = `/api/erns/${encodeURIComponent(ern)}/preferences`;
  const view = useQuery({ queryKey: ["preferences", ern], queryFn: () => api<PreferencesView>(url) });
  const [role, setRole] = useState<string | null>(null);
  const [otherRole, setOtherRole] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const saved = view.data?.preferences;
    if (!saved) return;
    setRole(saved.professionalRole);
    setOtherRole(saved.otherRole ?? "");
    setChosen(new Set(saved.areaIds));
  }, [view.data]);

  const save = useMutation({
    mutationFn: (body: PreferencesInput) => api<{ message: string }>(url, { method: "PUT", body }),
    onSuccess: async (answer) => {
      notifications.show({ color: "green", message: answer.message });
      await Promise.all(["me", "dashboard", "preferences"].map((key) => queryClient.invalidateQueries({ queryKey: [key], refetchType: "all" })));
      navigate("/");
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
  const { areas } = view.data;
  const allChosen = areas.length > 0 && areas.every((area) => chosen.has(area.id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
    setError(error?.without("areaIds") ?? null);
  };

  return (
    <Paper
      withBorder
      p="xl"
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!role) {
          setError(new ApiError(400, t("preferences.chooseRole"), { professionalRole: t("preferences.chooseRole") }));
          return;
        }
        save.mutate({ professionalRole: role as PreferencesInput["professionalRole"], otherRole: role === "Other" ? otherRole : null, areaIds: [...chosen] });
      }}
    >
      <Stack>
        <Group justify="space-between">
          <Text fw={700}>{`${view.data.ern.code} - ${view.data.ern.name}`}</Text>
          <Text fw={700}>{t("preferences.user", { name: view.data.user.name })}</Text>
        </Group>
        <Title order={1}>{t("preferences.title")}</Title>
        {error && !Object.keys(error.fieldErrors).length && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Select
          label={t("preferences.role")}
          placeholder={t("preferences.rolePlaceholder")}
          data={PROFESSIONAL_ROLES.map((value) => ({ value, label: t(`roles.${value}`, { defaultValue: value }) }))}
          value={role}
          onChange={(value) => {
            setRole(value);
            setError(error?.without("professionalRole") ?? null);
          }}
          error={error?.fieldErrors.professionalRole}
          searchable
          maw={400}
        />
        {role === "Other" && (
          <TextInput
            label={t("preferences.otherRole")}
            value={otherRole}
            maxLength={100}
            onChange={(event) => {
              setOtherRole(event.currentTarget.value);
              setError(error?.without("otherRole") ?? null);
            }}
            error={error?.fieldErrors.otherRole}
            maw={400}
          />
        )}
        <Text size="sm">{t("preferences.areasHelp")}</Text>
        <Table withTableBorder aria-label={t("preferences.areasTable")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("preferences.area")}</Table.Th>
              <Table.Th w={200}>{t("preferences.participate")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              <Table.Td />
              <Table.Td>
                <Checkbox
                  label={t("preferences.selectAll")}
                  checked={allChosen}
                  indeterminate={!allChosen && chosen.size > 0}
                  onChange={(event) => setChosen(event.currentTarget.checked ? new Set(areas.map((area) => area.id)) : new Set())}
                />
              </Table.Td>
            </Table.Tr>
            {areas.map((area) => (
              <Table.Tr key={area.id}>
                <Table.Td>{area.name}</Table.Td>
                <Table.Td>
                  <Checkbox aria-label={area.name} checked={chosen.has(area.id)} onChange={(event) => toggle(area.id, event.currentTarget.checked)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {error?.fieldErrors.areaIds && (
          <Text c="red" size="sm" role="alert">
            {error.fieldErrors.areaIds}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t("preferences.save")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function PreferencesPage() {
  const { ern = "" } = useParams();
  return <CpmsFrame>{() => <PreferencesForm key={ern} ern={ern} />}</CpmsFrame>;
}
