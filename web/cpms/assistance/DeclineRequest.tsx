/* "Decline the request": a reason the requester reads (required, checked by the server), then "Decline". */
import { Alert, Button, Stack, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../ui/api.ts";
import { type AssistanceRequestView, assistanceKey } from "./queries.ts";

export function DeclineRequest({ request }: { request: AssistanceRequestView }) {
  const { t } = useTranslation("assistance");
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const decline = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ message: string }>(`/api/assistance-requests/${encodeURIComponent(request.id)}/decline`, { body: { reason } });
      await queryClient.invalidateQueries({ queryKey: assistanceKey });
      notifications.show({ color: "green", message: answer.message });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack component="section" aria-label={t("detail.declineTitle")} gap="sm">
      <Title order={3} size="h4">
        {t("detail.declineTitle")}
      </Title>
      <Textarea
        label={t("detail.declineReason")}
        description={t("detail.declineHelp")}
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
      {error && !error.fieldErrors.reason && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      <Button color="red" variant="light" onClick={decline} loading={busy} w="fit-content">
        {t("detail.decline")}
      </Button>
    </Stack>
  );
}
