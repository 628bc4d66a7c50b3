/*
 * The frame of every page: "OpenCPMS Authorisation", the menu (Home, Request
 * access, User Data details, and Approvals for approvers), who is signed in
 * and "Logout". Logout is a plain form post: the server ends the session
 * here, then at identity, which comes back to the home page.
 */
import { Alert, Button, Group, Skeleton, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { api } from "../ui/api.ts";
import { PageFrame } from "../ui/PageFrame.tsx";
import { LoginBox } from "./pages/LoginBox.tsx";
import { forgetWizard } from "./request/wizard-state.ts";
import { type Session, useMe, useSession } from "./session.ts";

function LogoutForm() {
  const { t } = useTranslation();
  const csrf = useQuery({ queryKey: ["csrf"], queryFn: () => api<{ token: string }>("/api/csrf"), staleTime: Number.POSITIVE_INFINITY });
  return (
    <form method="post" action="/auth/logout" onSubmit={forgetWizard}>
      <input type="hidden" name="_csrf" value={csrf.data?.token ?? ""} />
      <Button type="submit" variant="default" size="xs" disabled={!csrf.data}>
        {t("frame.logout")}
      </Button>
    </form>
  );
}

const MENU = [
  { path: "/", label: "frame.home" },
  { path: "/request-access", label: "frame.requestAccess" },
  { path: "/user-data", label: "frame.userData" },
];

function Menu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const me = useMe();
  const entries = me.data?.approver ? [...MENU, { path: "/approvals", label: "frame.approvals" }] : MENU;
  return (
    <nav aria-label={t("frame.menu")}>
      <Group gap="xs" mb="lg" style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        {entries.map((entry) => (
          <Button
            key={entry.path}
            component="a"
            href={entry.path}
            variant={pathname === entry.path ? "light" : "subtle"}
            aria-current={pathname === entry.path ? "page" : undefined}
            radius={0}
            onClick={(event) => {
              if (event.metaKey || event.ctrlKey || event.shiftKey) return;
              event.preventDefault();
              navigate(entry.path);
            }}
          >
            {t(entry.label)}
          </Button>
        ))}
      </Group>
    </nav>
  );
}

function SignedInAs({ session }: { session: Session }) {
  const { t } = useTranslation();
  if (!session.user) return null;
  return (
    <Group gap="sm">
      <Text size="sm" id="signed-in">
        {t("frame.signedInAs", { name: session.user.name })}
      </Text>
      <LogoutForm />
    </Group>
  );
}

export type SignedInSession = Session & { user: NonNullable<Session["user"]> };

/**
 * A page of the signed-in user. Signed out, it shows `signedOut` (the home
 * page explains the system) or the Login box, which comes back here after.
 */
export function AccessFrame({ children, signedOut }: { children: (session: SignedInSession) => ReactNode; signedOut?: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const user = session.data?.user;
  return (
    <PageFrame product={t("product")} right={session.data && <SignedInAs session={session.data} />}>
      {session.isPending && <Skeleton height={200} aria-label={t("loading")} />}
      {session.isError && (
        <Alert color="red" role="alert">
          {t("errors.unreachable")}
        </Alert>
      )}
      {session.data && !user && (signedOut ?? <LoginBox returnTo={`${location.pathname}${location.search}`} />)}
      {session.data && user && (
        <>
          <Menu />
          {children({ ...session.data, user })}
        </>
      )}
    </PageFrame>
  );
}
