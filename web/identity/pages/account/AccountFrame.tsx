/* The frame of the My Account pages: signed-in only, with "< My Account" back link. */
import { Anchor, Stack, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { CardPage } from "../../Frame.tsx";
import { useSession } from "../../session.ts";
import { AccountMenu } from "../AccountMenu.tsx";

export function AccountFrame({ title, children, back = true }: { title: string; children: ReactNode; back?: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  if (session.isPending) return <CardPage>{null}</CardPage>;
  if (!session.data?.user) return <Navigate to={`/login?returnTo=${encodeURIComponent(window.location.pathname)}`} replace />;
  return (
    <CardPage width={640} right={<AccountMenu user={session.data.user} />}>
      <Stack>
        <Title order={2}>{title}</Title>
        {children}
        {back && (
          <Anchor component={Link} to="/account" size="sm">
            {`< ${t("home.myAccount")}`}
          </Anchor>
        )}
      </Stack>
    </CardPage>
  );
}
