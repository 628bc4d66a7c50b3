/*
 * Approve or reject one request or several. Rejecting needs a reason (it is
 * mailed to the requester); approving may carry a message. The server
 * decides all or none; its refusal stays in the dialog.
 */
import { List, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApprovalRow, Decision, RightView } from "../../../src/access/contract.ts";
import { ApiError, api } from "../../ui/api.ts";
import { ConfirmDialog } from "../../ui/ConfirmDialog.tsx";

export function DecisionDialog({
  decision,
  rows,
  onDone,
  onClose,
}: {
  decision: Decision["decision"];
  rows: ApprovalRow[];
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const isReject = decision === "reject";

  const confirm = async () => {
    const text = reason.trim();
    if (isReject && !text) throw new ApiError(400, t("approvals.reasonRequired"), { reason: t("approvals.reasonRequired") });
    const body: Decision = { rightIds: rows.map((row) => row.id), decision, ...(text ? { reason: text } : {}) };
    const answer = await api<{ decided: RightView[]; message: string }>("/api/approvals/decisions", { body });
    notifications.show({
      color: isReject ? "orange" : "green",
      title: t(isReject ? "approvals.rejectedTitle" : "approvals.approvedTitle"),
      message: answer.message,
    });
    onDone();
    await Promise.all([queryClient.invalidateQueries({ queryKey: ["approvals"] }), queryClient.invalidateQueries({ queryKey: ["rights"] })]);
  };

  return (
    <ConfirmDialog
      cancel={t("common.cancel")}
      genericError={t("errors.generic")}
      title={t(isReject ? "approvals.rejectTitle" : "approvals.approveTitle", { count: rows.length })}
      question={
        <>
          {t(isReject ? "approvals.rejectQuestion" : "approvals.approveQuestion", { count: rows.length })}
          <List size="sm" mt="xs">
            {rows.map((row) => (
              <List.Item key={row.id}>
                {t("approvals.summary", {
                  name: row.requester.name,
                  profile: row.profile.name,
                  application: row.application.name,
                  organisation: row.organisation.label,
                })}
                {row.status === "deletion_requested" ? ` — ${t("approvals.removalAsked")}` : ""}
              </List.Item>
            ))}
          </List>
        </>
      }
      confirm={t(isReject ? "approvals.reject" : "approvals.approve")}
      color={isReject ? "red" : "green"}
      onConfirm={confirm}
      onClose={onClose}
    >
      {(error) => (
        <Textarea
          label={t(isReject ? "approvals.reason" : "approvals.message")}
          required={isReject}
          value={reason}
          autosize
          minRows={2}
          maxLength={1000}
          error={error?.fieldErrors.reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
      )}
    </ConfirmDialog>
  );
}
