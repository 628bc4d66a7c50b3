/* The identity pages' frame: a centred card under the product name. */
import { Paper } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { PageFrame } from "../ui/PageFrame.tsx";

export function CardPage({ children, width = 440, right }: { children: ReactNode; width?: number; right?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <PageFrame product={t("product")} right={right}>
      <Paper withBorder shadow="xs" p="xl" maw={width} mx="auto">
        {children}
      </Paper>
    </PageFrame>
  );
}
