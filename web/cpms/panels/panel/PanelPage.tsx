/*
 * A panel's page (/panels/:id?tab=): the header (reference, title, status,
 * urgency, due date, lead, ERN, thematic area, patient pseudonym), the
 * invitation for an invitee, the panel's actions, then its tabs: Overview,
 * Members, Contributions, Discussion, Outcome. An invitee sees the question
 * only until they accept. A panel the user may not see is the server's 404,
 * shown as it says.
 */
import { Alert, Anchor, Badge, Group, Loader, Stack, Tabs, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import type { PanelView } from "../../../../src/cpms/panels/contract.ts";
import { formatDateTime } from "../../patients/format.ts";
import { PatientsFrame } from "../../patients/PatientsFrame.tsx";
import { DueDate, StatusBadge, UrgentBadge } from "../badges.tsx";
import { usePanel } from "../queries.ts";
import { ContributionsTab } from "./ContributionsTab.tsx";
import { DiscussionTab } from "./DiscussionTab.tsx";
import { InvitationBanner } from "./InvitationBanner.tsx";
import { MembersTab } from "./MembersTab.tsx";
import { OutcomeTab } from "./OutcomeTab.tsx";
import { OverviewTab } from "./OverviewTab.tsx";
import { PanelActions } from "./PanelActions.tsx";

const TABS = ["overview", "members", "contributions", "discussion", "outcome"] as const;

function Header({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  return (
    <Stack gap={4}>
      <Anchor component={Link} to="/panels" size="sm">
        {t("panel.backToList")}
      </Anchor>
      <Text size="sm" c="dimmed">
        {t("panel.reference", { reference: panel.reference })}
      </Text>
      <Group gap="sm">
        <Title order={1} size="h2">
          {panel.title}
        </Title>
        <StatusBadge status={panel.status} />
        <UrgentBadge panel={panel} />
      </Group>
      <Group gap="lg">
        <DueDate panel={panel} prefix />
        <Text size="sm">{t("panel.leadBy", { name: panel.leadName })}</Text>
        <Text size="sm">{t("panel.ern", { ern: panel.ernCode })}</Text>
        {panel.thematicAreaName && <Text size="sm">{t("panel.area", { area: panel.thematicAreaName })}</Text>}
        <Group gap={4}>
          <Text size="sm">{t("panel.patient")}:</Text>
          {panel.you.role === "invitee" ? (
            <Text size="sm" fw={600}>
              {panel.pseudonym}
            </Text>
          ) : (
            <Anchor component={Link} to={`/patients/${panel.patientId}?tab=panels`} size="sm" fw={600}>
              {panel.pseudonym}
            </Anchor>
          )}
        </Group>
        <Badge variant="outline" color="gray">
          {t("panel.youAre", { role: t(`roles.${panel.you.role}`) })}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t("panel.createdBy", { name: panel.createdByName, when: formatDateTime(panel.createdAt) })}
        {panel.openedAt ? ` · ${t("panel.openedAt", { when: formatDateTime(panel.openedAt) })}` : ""}
      </Text>
    </Stack>
  );
}

function PanelTabs({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const [params, setParams] = useSearchParams();
  const seesData = panel.you.role !== "invitee";
  const available = seesData ? TABS : (["overview"] as const);
  const asked = params.get("tab") as (typeof TABS)[number] | null;
  const tab = asked && (available as readonly string[]).includes(asked) ? asked : "overview";
  return (
    <Tabs value={tab} onChange={(next) => setParams(next && next !== "overview" ? { tab: next } : {})} keepMounted={false}>
      <Tabs.List>
        {available.map((value) => (
          <Tabs.Tab key={value} value={value}>
            {t(`panel.tabs.${value}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="overview" pt="md">
        <OverviewTab panel={panel} />
      </Tabs.Panel>
      {seesData && (
        <>
          <Tabs.Panel value="members" pt="md">
            <MembersTab panel={panel} />
          </Tabs.Panel>
          <Tabs.Panel value="contributions" pt="md">
            <ContributionsTab panel={panel} />
          </Tabs.Panel>
          <Tabs.Panel value="discussion" pt="md">
            <DiscussionTab panel={panel} />
          </Tabs.Panel>
          <Tabs.Panel value="outcome" pt="md">
            <OutcomeTab panel={panel} />
          </Tabs.Panel>
        </>
      )}
    </Tabs>
  );
}

export function PanelPage() {
  const { t } = useTranslation("panels");
  const { id = "" } = useParams();
  const found = usePanel(id);
  const panel = found.data?.panel;
  return (
    <PatientsFrame>
      {found.isPending && <Loader aria-label={t("loading")} />}
      {found.isError && (
        <Alert color="red" role="alert" title={t("panel.unavailable")}>
          {found.error.message}
        </Alert>
      )}
      {panel && !found.isError && (
        <Stack>
          <Header panel={panel} />
          {!panel.consentStands && (
            <Alert color="gray" title={t("panel.consentWithdrawnTitle")}>
              {t("panel.consentWithdrawn")}
            </Alert>
          )}
          {panel.you.role === "invitee" && panel.you.actions.includes("respond") && <InvitationBanner panel={panel} />}
          <PanelActions panel={panel} />
          <PanelTabs panel={panel} />
        </Stack>
      )}
    </PatientsFrame>
  );
}
