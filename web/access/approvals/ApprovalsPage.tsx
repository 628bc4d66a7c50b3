/*
 * "Approvals": the requests an approver may decide (their ERNs, or all for
 * the global helpdesk), filtered, searched and paged; decided one by one or
 * in bulk. Only approvers see the page in the menu; the server decides who
 * sees what.
 */
import { Alert, Button, Group, Loader, Pagination, Stack, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApprovalQueue, ApprovalRow } from "../../../src/access/contract.ts";
import { api } from "../../ui/api.ts";
import { AccessFrame } from "../Frame.tsx";
import { HistoryDialog } from "../rights/HistoryDialog.tsx";
import { useMe } from "../session.ts";
import { DecisionDialog } from "./DecisionDialog.tsx";
import { DEFAULT_FILTERS, type QueueFilters, queueUrl } from "./query.ts";
import { QueueFiltersBar } from "./QueueFiltersBar.tsx";
import { QueueTable } from "./QueueTable.tsx";

type Dialog = { kind: "decide"; decision: "approve" | "reject"; rows: ApprovalRow[] } | { kind: "history"; row: ApprovalRow };

function Queue() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const queue = useQuery({
    queryKey: ["approvals", filters],
    queryFn: () => api<ApprovalQueue>(queueUrl(filters)),
    placeholderData: keepPreviousData,
  });
  const data = queue.data;
  const rows = data?.rows ?? [];
  const chosen = rows.filter((row) => selected.has(row.id));
  const select = (ids: string[], checked: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      for (const id of ids) {
        if (checked) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  const changeFilters = (next: QueueFilters) => {
    setSelected(new Set());
    setFilters(next);
  };

  return (
    <Stack>
      <QueueFiltersBar filters={filters} choices={data?.filters} onChange={changeFilters} />
      {data && (
        <Text size="sm" c="dimmed">
          {t("approvals.target", { hours: data.targetHours })}
        </Text>
      )}
      <Group>
        <Button color="green" disabled={chosen.length === 0} onClick={() => setDialog({ kind: "decide", decision: "approve", rows: chosen })}>
          {t("approvals.approveSelected", { count: chosen.length })}
        </Button>
        <Button color="red" variant="light" disabled={chosen.length === 0} onClick={() => setDialog({ kind: "decide", decision: "reject", rows: chosen })}>
          {t("approvals.rejectSelected", { count: chosen.length })}
        </Button>
        {queue.isFetching && <Loader size="xs" aria-label={t("loading")} />}
      </Group>
      {queue.isError && (
        <Alert color="red" role="alert">
          {queue.error.message}
        </Alert>
      )}
      {queue.isPending && <Loader aria-label={t("loading")} />}
      {data && rows.length === 0 && (
        <Alert color="blue" title={t("approvals.emptyTitle")}>
          {t("approvals.empty")}
        </Alert>
      )}
      {rows.length > 0 && data && (
        <>
          <QueueTable
            rows={rows}
            targetHours={data.targetHours}
            selected={selected}
            onSelect={select}
            onDecide={(decision, decided) => setDialog({ kind: "decide", decision, rows: decided })}
            onHistory={(row) => setDialog({ kind: "history", row })}
          />
          <Group justify="space-between">
            <Text size="sm">
              {t("request.showing", { first: (data.page - 1) * data.perPage + 1, last: Math.min(data.page * data.perPage, data.total), total: data.total })}
            </Text>
            {data.total > data.perPage && (
              <Pagination
                size="sm"
                total={Math.ceil(data.total / data.perPage)}
                value={data.page}
                onChange={(page) => changeFilters({ ...filters, page })}
                getControlProps={(control) => ({ "aria-label": t(`request.pages.${control}`) })}
                getItemProps={(item) => ({ "aria-label": t("request.pages.page", { page: item }) })}
              />
            )}
          </Group>
        </>
      )}
      {dialog?.kind === "history" && <HistoryDialog right={dialog.row} onClose={() => setDialog(null)} />}
      {dialog?.kind === "decide" && (
        <DecisionDialog
          decision={dialog.decision}
          rows={dialog.rows}
          onDone={() => {
            setDialog(null);
            setSelected(new Set());
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Stack>
  );
}

function ApproverOnly() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loader aria-label={t("loading")} />;
  if (me.isError)
    return (
      <Alert color="red" role="alert">
        {me.error.message}
      </Alert>
    );
  if (!me.data.approver)
    return (
      <Alert color="gray" role="alert">
        {t("approvals.notApprover")}
      </Alert>
    );
  const scope = me.data.approver.global ? t("approvals.scopeGlobal") : me.data.approver.erns.map((ern) => `${ern.code} - ${ern.name}`).join(", ");
  return (
    <Stack>
      <Text size="sm">{t("approvals.scope", { scope })}</Text>
      <Queue />
    </Stack>
  );
}

export function ApprovalsPage() {
  const { t } = useTranslation();
  return (
    <AccessFrame>
      {() => (
        <>
          <Title order={2} mb="md">
            {t("approvals.title")}
          </Title>
          <ApproverOnly />
        </>
      )}
    </AccessFrame>
  );
}
