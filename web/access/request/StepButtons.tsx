/* The buttons under each step, as the seeds lay them out: back on the left, "Cancel", then the next step. */
import { Button, Group } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function StepButtons({ back, onBack, onCancel, next }: { back?: string; onBack?: () => void; onCancel: () => void; next: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" mt="lg">
      {back && (
        <Button variant="default" onClick={onBack}>
          {back}
        </Button>
      )}
      <Button variant="default" onClick={onCancel}>
        {t("common.cancel")}
      </Button>
      {next}
    </Group>
  );
}
