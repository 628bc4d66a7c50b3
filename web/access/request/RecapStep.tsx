/*
 * Step 4, "Recap and Submission": the Summary (Application, Organisation,
 * Access Profile), Comments, "Before submitting", and "Submit request
 * access". A refusal is shown next to what it is about.
 */
import { Alert, Anchor, Button, Stack, Table, Text, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { NewRequest, RightView } from "../../../src/access/contract.ts";
import { ApiError, api } from "../../ui/api.ts";
import { StepButtons } from "./StepButtons.tsx";
import type { WizardState } from "./wizard-state.ts";

type Props = {
  state: WizardState;
  update: (change: Partial<WizardState>) => void;
  refusal: ApiError | null;
  onRefused: (error: ApiError | null) => void;
  onCancel: () => void;
  onBack: (step: number) => void;
  onSubmitted: (message: string) => void;
};

const FIELDS = ["organisation", "profileIds", "comment", "applicationId"];

export function RecapStep({ state, update, refusal, onRefused, onCancel, onBack, onSubmitted }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const { application, organisation, profiles } = state;
  if (!application || !organisation) return null;
  const fieldError = (field: string) =>
    refusal?.fieldErrors[field] ?? Object.entries(refusal?.fieldErrors ?? {}).find(([name]) => name.startsWith(`${field}.`))?.[1];
  const isAboutNoField = refusal && !FIELDS.some((field) => fieldError(field));

  const submit = async () => {
    setBusy(true);
    onRefused(null);
    const request: NewRequest = {
      applicationId: application.id,
      organisation: { kind: organisation.kind, id: organisation.id },
      profileIds: profiles.map((profile) => profile.id),
      comment: state.comment.trim(),
    };
    try {
      const answer = await api<{ message: string; rights: RightView[] }>("/api/requests", { body: request });
      await queryClient.invalidateQueries({ queryKey: ["rights"] });
      queryClient.removeQueries({ queryKey: ["organisations"] });
      onSubmitted(answer.message);
    } catch (caught) {
      onRefused(caught instanceof ApiError ? caught : new ApiError(0, t("errors.generic"), {}));
      setBusy(false);
    }
  };

  const summary: { label: string; value: string; field: string; step: number }[] = [
    { label: t("request.application"), value: application.name, field: "applicationId", step: 1 },
    { label: t("request.organisation"), value: organisation.label, field: "organisation", step: 2 },
    { label: t("request.accessProfile"), value: profiles.map((profile) => profile.name).join(", "), field: "profileIds", step: 3 },
  ];
  return (
    <Stack maw={760}>
      <Text fw={700}>{t("request.summary")}</Text>
      <Table withTableBorder variant="vertical" aria-label={t("request.summary")}>
        <Table.Tbody>
          {summary.map((row) => (
            <Table.Tr key={row.field}>
              <Table.Th w={200}>{row.label}</Table.Th>
              <Table.Td>
                <Text size="sm">{row.value}</Text>
                {fieldError(row.field) && (
                  <Text size="sm" c="red" role="alert">
                    {fieldError(row.field)}{" "}
                    <Anchor component="button" type="button" size="sm" onClick={() => onBack(row.step)}>
                      {t("request.change")}
                    </Anchor>
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Textarea
        label={t("request.comments")}
        value={state.comment}
        autosize
        minRows={3}
        maxLength={2000}
        error={fieldError("comment")}
        onChange={(event) => update({ comment: event.currentTarget.value })}
      />
      <Alert color="blue" title={t("request.beforeTitle")}>
        {t("request.beforeText")}
      </Alert>
      {isAboutNoField && (
        <Alert color="red" role="alert">
          {refusal.message}
        </Alert>
      )}
      <StepButtons
        back={t("request.toStep3Back")}
        onBack={() => onBack(3)}
        onCancel={onCancel}
        next={
          <Button loading={busy} onClick={submit}>
            {t("request.submit")}
          </Button>
        }
      />
    </Stack>
  );
}
