/* The clinical summary: edited as text with a small syntax (see rich-text.tsx), previewed as it will be shown. */
import { Paper, SimpleGrid, Stack, Text, Textarea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { RichText } from "../rich-text.tsx";

export function SummaryField({ text, onChange, error }: { text: string; onChange: (next: string) => void; error?: string }) {
  const { t } = useTranslation("patients");
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Textarea
        label={t("record.summary.label")}
        description={t("record.summary.help")}
        autosize
        minRows={6}
        maxLength={20_000}
        value={text}
        error={error}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t("record.summary.preview")}
        </Text>
        <Paper withBorder p="sm" mih={120}>
          <RichText text={text} />
        </Paper>
      </Stack>
    </SimpleGrid>
  );
}
