/* After "Submit request access": what happens next, and the way back Home, where the request now shows. */
import { Alert, Button, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function Submitted({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <Stack maw={720}>
      <Alert color="green" title={t("request.submittedTitle")} role="status">
        <Stack gap="xs">
          <Text size="sm">{message}</Text>
          <Text size="sm">{t("request.submittedNext")}</Text>
        </Stack>
      </Alert>
      <Button component={Link} to="/" w="fit-content">
        {t("request.backHome")}
      </Button>
    </Stack>
  );
}
