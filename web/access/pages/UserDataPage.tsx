/* "User Data details": who the user is for the authorisation system, and how they signed in. */
import { Alert, Skeleton, Table, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { AccessFrame } from "../Frame.tsx";
import { formatDate } from "../rights/format.ts";
import { useMe } from "../session.ts";

const METHODS: Record<string, string> = {
  pwd: "Password",
  sms: "Mobile + SMS",
  otp: "Authenticator app or recovery code",
  hwk: "Security key",
  swk: "Trusted platform",
};

function Details() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Skeleton height={160} aria-label={t("loading")} />;
  if (me.isError)
    return (
      <Alert color="red" role="alert">
        {me.error.message}
      </Alert>
    );
  const { user } = me.data;
  const methods = user.amr.filter((method) => method !== "mfa" && method !== "user").map((method) => METHODS[method] ?? method);
  const rows: [string, string][] = [
    [t("userData.name"), user.name],
    [t("userData.email"), user.email ?? "—"],
    [t("userData.sub"), user.sub],
    [t("userData.assurance"), t(`userData.levels.${user.acr}`, { defaultValue: user.acr })],
    [t("userData.methods"), methods.join(" + ") || "—"],
    [t("userData.authTime"), formatDate(user.authTime)],
  ];
  return (
    <Table withTableBorder variant="vertical" maw={720} aria-label={t("userData.title")}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={260}>{label}</Table.Th>
            <Table.Td style={{ wordBreak: "break-all" }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function UserDataPage() {
  const { t } = useTranslation();
  return (
    <AccessFrame>
      {() => (
        <>
          <Title order={2} mb="md">
            {t("userData.title")}
          </Title>
          <Details />
        </>
      )}
    </AccessFrame>
  );
}
