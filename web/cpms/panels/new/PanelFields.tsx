/*
 * The fields that say what a panel asks: title, clinical question, thematic
 * area (the ERN's offered ones), urgency and due date — for "Create a panel"
 * and "Edit". Each field shows the server's message for it.
 */
import { Group, Radio, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Urgency } from "../../../../src/cpms/panels/contract.ts";
import type { ApiError } from "../../../ui/api.ts";
import { today } from "../../patients/format.ts";
import { useThematicAreas } from "../queries.ts";

export type PanelFieldValues = { title: string; question: string; thematicAreaId: string | null; urgency: Urgency; dueDate: string };

export function PanelFields({
  ernCode,
  values,
  error,
  onChange,
}: {
  ernCode: string;
  values: PanelFieldValues;
  error: ApiError | null;
  onChange: (next: Partial<PanelFieldValues>, field: keyof PanelFieldValues) => void;
}) {
  const { t } = useTranslation("panels");
  const areas = useThematicAreas(ernCode);
  const noAreas = areas.isSuccess && areas.data.length === 0;
  return (
    <Stack>
      <TextInput
        label={t("form.title")}
        description={t("form.titleHelp")}
        required
        maxLength={200}
        value={values.title}
        error={error?.fieldErrors.title}
        onChange={(event) => onChange({ title: event.currentTarget.value }, "title")}
      />
      <Textarea
        label={t("form.question")}
        description={t("form.questionHelp")}
        required
        autosize
        minRows={4}
        maxLength={5000}
        value={values.question}
        error={error?.fieldErrors.question}
        onChange={(event) => onChange({ question: event.currentTarget.value }, "question")}
      />
      <Select
        label={t("form.area")}
        description={noAreas ? t("form.noAreas", { ern: ernCode }) : t("form.areaHelp")}
        placeholder={t("form.areaPlaceholder")}
        required
        searchable
        value={values.thematicAreaId}
        data={(areas.data ?? []).map((area) => ({ value: area.id, label: area.name }))}
        error={error?.fieldErrors.thematicAreaId ?? (areas.isError ? areas.error.message : undefined)}
        onChange={(thematicAreaId) => onChange({ thematicAreaId }, "thematicAreaId")}
      />
      <Radio.Group
        label={t("form.urgency")}
        description={t("form.urgentHelp")}
        value={values.urgency}
        error={error?.fieldErrors.urgency}
        onChange={(urgency) => onChange({ urgency: urgency as Urgency }, "urgency")}
      >
        <Group mt="xs">
          <Radio value="routine" label={t("urgency.routine")} />
          <Radio value="urgent" label={t("urgency.urgent")} />
        </Group>
      </Radio.Group>
      <TextInput
        type="date"
        label={t("form.dueDate")}
        description={t("form.dueDateHelp")}
        required
        min={today()}
        value={values.dueDate}
        error={error?.fieldErrors.dueDate}
        onChange={(event) => onChange({ dueDate: event.currentTarget.value }, "dueDate")}
      />
    </Stack>
  );
}
