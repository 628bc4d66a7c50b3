/*
 * "Invite members", for the panel's lead and managers, two ways side by side:
 * a search of the directory, one member at a time; or the members who chose
 * the panel's thematic area (in its ERN, or another ERN's area of the same
 * name when asked), ticked and invited together. Only members holding a clinical profile
 * in an ERN are offered; who is already invited is marked, not offered again.
 * In a draft the invitations wait for the panel to open.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Invitation, MemberView, PanelView, Suggestion } from "../../../../src/cpms/panels/contract.ts";
import { THEMATIC_AREAS } from "../../../../src/cpms/preferences/thematic-areas-data.ts";
import type { DirectoryPerson } from "../../../../src/cpms/sharing/schemas.ts";
import { type ApiError, api } from "../../../ui/api.ts";
import { panelUrl, usePanelMutation } from "../queries.ts";

const CLINICAL_PROFILES = ["HP", "Panel Manager HCP", "Coordinator", "Panel Manager ERN"];
const ERN_CODES = Object.keys(THEMATIC_AREAS).sort((a, b) => a.localeCompare(b));

type Candidate = { key: string; sub: string; ernCode: string; label: string };

/** One choice per clinical profile held: "Name — HP, Provider (Country), ERN". */
function candidatesOf(people: DirectoryPerson[]): Candidate[] {
  return people.flatMap((person) =>
    person.memberships
      .filter((membership) => CLINICAL_PROFILES.includes(membership.profile))
      .map((membership) => ({
        key: `${person.sub}:${membership.ernCode}:${membership.providerId}:${membership.profile}`,
        sub: person.sub,
        ernCode: membership.ernCode,
        label: `${person.name} — ${membership.profile}, ${membership.providerName} (${membership.countryName}), ${membership.ernCode}`,
      })),
  );
}

const isInvited = (members: MemberView[], sub: string) =>
  members.some((member) => member.sub === sub && (member.status === "invited" || member.status === "accepted"));

function useInvite(panel: PanelView, note: string, onInvited: () => void) {
  const mutation = usePanelMutation<{ members: MemberView[]; message: string }>(panel.id);
  const invite = (invitees: Invitation["invitees"]) =>
    mutation.mutate(
      { path: "/members", body: { invitees, ...(note.trim() ? { note: note.trim() } : {}) } },
      {
        onSuccess: (answer) => {
          notifications.show({ color: "green", message: answer.message });
          onInvited();
        },
      },
    );
  return { invite, busy: mutation.isPending, error: mutation.error as ApiError | null };
}

function Suggested({ panel, note, onInvited }: { panel: PanelView; note: string; onInvited: () => void }) {
  const { t } = useTranslation("panels");
  const [ernCode, setErnCode] = useState(panel.ernCode);
  const [chosen, setChosen] = useState<string[]>([]);
  const { invite, busy, error } = useInvite(panel, note, () => {
    setChosen([]);
    onInvited();
  });
  const query = ernCode === panel.ernCode ? "" : `?ern=${encodeURIComponent(ernCode)}`;
  const suggestions = useQuery({
    queryKey: ["panel", panel.id, "suggestions", ernCode],
    queryFn: () => api<{ suggestions: Suggestion[] }>(`${panelUrl(panel.id)}/suggestions${query}`),
  });
  const list = suggestions.data?.suggestions ?? [];
  return (
    <Stack component="section" aria-labelledby="invite-suggested">
      <Title order={4} size="h5" id="invite-suggested">
        {t("members.ways.suggested")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("members.suggestionsHelp", { ern: ernCode, area: panel.thematicAreaName })}
      </Text>
      <Select
        label={t("members.suggestionsErn")}
        searchable
        allowDeselect={false}
        value={ernCode}
        data={ERN_CODES.includes(panel.ernCode) ? ERN_CODES : [panel.ernCode, ...ERN_CODES]}
        onChange={(next) => {
          if (next) setErnCode(next);
          setChosen([]);
        }}
        maw={320}
      />
      {suggestions.isPending && <Loader size="sm" aria-label={t("loading")} />}
      {suggestions.isError && (
        <Alert color="red" role="alert">
          {suggestions.error.message}
        </Alert>
      )}
      {suggestions.isSuccess && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("members.noSuggestions", { ern: ernCode })}
        </Text>
      )}
      {list.length > 0 && (
        <Checkbox.Group label={t("members.chooseSuggested")} value={chosen} onChange={setChosen}>
          <Stack gap={6} mt="xs">
            {list.map((suggestion) => {
              const places = suggestion.providers.map((provider) => `${provider.providerName} (${provider.countryCode})`).join("; ");
              return (
                <Checkbox
                  key={suggestion.sub}
                  value={suggestion.sub}
                  disabled={suggestion.alreadyInvited}
                  label={`${suggestion.name} — ${places}, ${suggestion.ernCode}${suggestion.alreadyInvited ? ` (${t("members.alreadyInvited")})` : ""}`}
                />
              );
            })}
          </Stack>
        </Checkbox.Group>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      {list.length > 0 && (
        <Group>
          <Button
            disabled={chosen.length === 0}
            loading={busy}
            onClick={() => invite(chosen.map((sub) => ({ sub, ernCode: list.find((item) => item.sub === sub)?.ernCode ?? ernCode, viaThematicArea: true })))}
          >
            {t("members.inviteSelected")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function DirectorySearch({ panel, note, onInvited }: { panel: PanelView; note: string; onInvited: () => void }) {
  const { t } = useTranslation("panels");
  const [scope, setScope] = useState<"this" | "any">("this");
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const { invite, busy, error } = useInvite(panel, note, () => {
    setChosen(null);
    setSearch("");
    onInvited();
  });
  const query = new URLSearchParams({ q: debounced, ...(scope === "this" ? { ern: panel.ernCode } : {}) });
  const found = useQuery({
    queryKey: ["directory", query.toString()],
    queryFn: () => api<{ people: DirectoryPerson[] }>(`/api/directory?${query}`),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
  });
  const members = panel.members ?? [];
  const candidates = found.data
    ? candidatesOf(found.data.people).filter((candidate) => (scope === "any" || candidate.ernCode === panel.ernCode) && !isInvited(members, candidate.sub))
    : [];
  return (
    <Stack component="section" aria-labelledby="invite-directory">
      <Title order={4} size="h5" id="invite-directory">
        {t("members.ways.directory")}
      </Title>
      <SegmentedControl
        aria-label={t("members.scope")}
        value={scope}
        data={[
          { value: "this", label: t("members.inThisErn", { ern: panel.ernCode }) },
          { value: "any", label: t("members.inAnyErn") },
        ]}
        onChange={(next) => {
          setScope(next as "this" | "any");
          setChosen(null);
        }}
        maw={360}
      />
      <TextInput
        label={t("members.find")}
        description={t("members.findHelp")}
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
      {debounced.length >= 2 && found.isSuccess && candidates.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("members.nobody")}
        </Text>
      )}
      {candidates.length > 0 && (
        <Radio.Group
          label={t("members.choose")}
          value={chosen?.key ?? null}
          onChange={(key) => setChosen(candidates.find((candidate) => candidate.key === key) ?? null)}
        >
          <Stack gap="xs" mt="xs">
            {candidates.map((candidate) => (
              <Radio key={candidate.key} value={candidate.key} label={candidate.label} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      <Group>
        <Button disabled={!chosen} loading={busy} onClick={() => chosen && invite([{ sub: chosen.sub, ernCode: chosen.ernCode }])}>
          {t("members.invite")}
        </Button>
      </Group>
    </Stack>
  );
}

export function InviteMembers({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const [note, setNote] = useState("");
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="invite-members">
      <Stack>
        <Title order={3} size="h4" id="invite-members">
          {t("members.inviteTitle")}
        </Title>
        {panel.status === "draft" && (
          <Text size="sm" c="dimmed">
            {t("members.draftInvites")}
          </Text>
        )}
        <Textarea
          label={t("members.note")}
          description={t("members.noteHelp")}
          autosize
          minRows={1}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <DirectorySearch panel={panel} note={note} onInvited={() => setNote("")} />
          {panel.thematicAreaId && <Suggested panel={panel} note={note} onInvited={() => setNote("")} />}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
