/*
 * Moving the panel on from its outcome: ask the members to agree (open →
 * awaiting outcome), go back to contributions, sign (the lead only, after a
 * confirmation: the text is then frozen), close (when the server warns that
 * fewer than two contributions were submitted — such panels do not count in
 * the ERN's monitoring — the lead confirms and CPMS closes it anyway), and
 * reopen a closed panel with a reason (audited).
 */
import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PanelView } from "../../../../src/cpms/panels/contract.ts";
import { ApiError } from "../../../ui/api.ts";
import { Refusal, usePanelAction } from "./ContributionTabs.tsx";

function SignButton({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const action = usePanelAction(panel);
  const [confirming, setConfirming] = useState(false);
  const sign = async () => {
    const answer = await action.run("/outcome/sign");
    if (!(answer instanceof Error)) setConfirming(false);
  };
  return (
    <>
      <Button color="green" onClick={() => setConfirming(true)}>
        {t("tabs.outcome.sign")}
      </Button>
      {!confirming && <Refusal error={action.error} />}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t("tabs.outcome.signTitle")} centered>
        <Stack>
          <Text size="sm">{t("tabs.outcome.signConfirm")}</Text>
          <Refusal error={action.error} />
          <Group>
            <Button color="green" onClick={sign} loading={action.busy}>
              {t("tabs.outcome.signNow")}
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t("tabs.common.cancel")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function ClosePanelButton({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const action = usePanelAction(panel);
  const [warning, setWarning] = useState<string | null>(null);
  const close = async (confirmFewContributions: boolean) => {
    const answer = await action.run("/close", { body: confirmFewContributions ? { confirmFewContributions } : {} });
    if (answer instanceof ApiError && answer.code === "few_contributions") {
      action.setError(null);
      setWarning(answer.message);
    } else if (!(answer instanceof Error)) {
      setWarning(null);
    }
  };
  return (
    <>
      <Button onClick={() => close(false)} loading={action.busy && !warning}>
        {t("tabs.outcome.close")}
      </Button>
      {!warning && <Refusal error={action.error} />}
      <Modal opened={warning !== null} onClose={() => setWarning(null)} title={t("tabs.outcome.closeTitle")} centered>
        <Stack>
          <Text size="sm">{warning}</Text>
          <Refusal error={action.error} />
          <Group>
            <Button onClick={() => close(true)} loading={action.busy}>
              {t("tabs.outcome.closeAnyway")}
            </Button>
            <Button variant="default" onClick={() => setWarning(null)}>
              {t("tabs.common.cancel")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function ReopenButton({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const action = usePanelAction(panel);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const reopen = async () => {
    const answer = await action.run("/reopen", { body: { reason } });
    if (!(answer instanceof Error)) setAsking(false);
  };
  return (
    <>
      <Button variant="light" onClick={() => setAsking(true)}>
        {t("tabs.outcome.reopen")}
      </Button>
      <Modal opened={asking} onClose={() => setAsking(false)} title={t("tabs.outcome.reopenTitle")} centered>
        <Stack>
          <Text size="sm">{t("tabs.outcome.reopenHelp")}</Text>
          <Textarea
            label={t("tabs.outcome.reopenReason")}
            required
            autosize
            minRows={2}
            maxLength={1000}
            value={reason}
            error={action.error?.fieldErrors.reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              action.setError((current) => current?.without("reason") ?? null);
            }}
          />
          <Refusal error={action.error} shownOn={["reason"]} />
          <Group>
            <Button onClick={reopen} loading={action.busy}>
              {t("tabs.outcome.reopen")}
            </Button>
            <Button variant="default" onClick={() => setAsking(false)}>
              {t("tabs.common.cancel")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function StepButton({ panel, path, label, variant }: { panel: PanelView; path: string; label: string; variant?: string }) {
  const action = usePanelAction(panel);
  return (
    <Stack gap={4}>
      <Button variant={variant} onClick={() => action.run(path)} loading={action.busy}>
        {label}
      </Button>
      <Refusal error={action.error} />
    </Stack>
  );
}

/** The buttons that move the panel on from its outcome, each shown only when the user and the panel's status allow it (the server checks again). */
export function OutcomeActions({ panel }: { panel: PanelView }) {
  const { t } = useTranslation("panels");
  const { you, outcome } = panel;
  const may = (action: (typeof you.actions)[number]) => you.actions.includes(action);
  const unsigned = outcome !== null && outcome.status === "draft";
  const signed = outcome?.status === "signed";
  const buttons = [
    you.canManage && unsigned && may("request_agreement") && (
      <StepButton key="ask" panel={panel} path="/outcome/agreement-request" label={t("tabs.outcome.askAgreement")} />
    ),
    you.canManage && unsigned && may("back_to_contributions") && (
      <StepButton key="back" panel={panel} path="/outcome/back" label={t("tabs.outcome.back")} variant="default" />
    ),
    you.isLead && unsigned && may("sign") && <SignButton key="sign" panel={panel} />,
    you.canManage && signed && may("close") && <ClosePanelButton key="close" panel={panel} />,
    you.isLead && may("reopen") && <ReopenButton key="reopen" panel={panel} />,
  ].filter(Boolean);
  if (buttons.length === 0) return null;
  return (
    <Group align="flex-start" component="section" aria-label={t("tabs.outcome.next")}>
      {buttons}
    </Group>
  );
}
