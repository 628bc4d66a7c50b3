/*
 * The frame of every CPMS page: "CPMS", who is signed in (with the level of
 * assurance), the notification bell (members only) and "Sign out"; for
 * members, the Global Dashboard, "My panels", "My requests for assistance"
 * and each ERN with its patients, "My Preferences", for its Coordinators and
 * Dispatchers its requests for assistance, and for its coordinators its
 * thematic areas. Signed out, the page shows `signedOut` (the home page) or
 * the Secure Login box; signed in without a CPMS right, why and where to
 * request one. Sign out is a plain form post: the server ends the session
 * here, then at OpenCPMS Login, which comes back to the home page.
 */
import { Alert, Button, Group, Menu, Skeleton, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import type { Me } from "../../src/cpms/dashboard/contract.ts";
import { api } from "../ui/api.ts";
import { PageFrame } from "../ui/PageFrame.tsx";
import { NotificationBell } from "./notifications/NotificationBell.tsx";
import { NoRights } from "./pages/NoRights.tsx";
import { SecureLogin } from "./pages/SecureLogin.tsx";
import { type Session, useMe, useSession } from "./session.ts";

function SignOutForm() {
  const { t } = useTranslation();
  const csrf = useQuery({ queryKey: ["csrf"], queryFn: () => api<{ token: string }>("/api/csrf"), staleTime: Number.POSITIVE_INFINITY });
  return (
    <form method="post" action="/auth/logout">
      <input type="hidden" name="_csrf" value={csrf.data?.token ?? ""} />
      <Button type="submit" variant="default" size="xs" disabled={!csrf.data}>
        {t("frame.signOut")}
      </Button>
    </form>
  );
}

function SignedInAs({ session, member }: { session: Session; member: boolean }) {
  const { t } = useTranslation();
  if (!session.user) return null;
  return (
    <Group gap="sm">
      {member && <NotificationBell />}
      <Text size="sm">
        <span id="signed-in">{t("frame.signedInAs", { name: session.user.name })}</span>{" "}
        <Text span size="xs" c="dimmed">
          {t("frame.assurance", { acr: session.acr })}
        </Text>
      </Text>
      <SignOutForm />
    </Group>
  );
}

/** A top-level link of the menu, marked as the current page when `current`. */
function TopLink({ to, current, children }: { to: string; current: boolean; children: ReactNode }) {
  return (
    <Button component={Link} to={to} variant={current ? "light" : "subtle"} radius={0} aria-current={current ? "page" : undefined}>
      {children}
    </Button>
  );
}

/** The Global Dashboard, my panels and requests, then one menu per ERN. */
function ErnLinks({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const queueOf = pathname === "/assistance/queue" ? new URLSearchParams(search).get("ern") : null;
  const coordinated = new Set(me.memberships.filter((membership) => membership.profile === "Coordinator").map((membership) => membership.ernCode));
  const dispatching = new Set(
    me.memberships.filter((membership) => membership.profile === "Coordinator" || membership.profile === "Dispatcher").map((membership) => membership.ernCode),
  );
  return (
    <nav aria-label={t("frame.menu")}>
      <Group gap="xs" mb="lg" style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        <TopLink to="/" current={pathname === "/"}>
          {t("frame.dashboard")}
        </TopLink>
        <TopLink to="/panels" current={pathname === "/panels" || pathname.startsWith("/panels/")}>
          {t("frame.myPanels")}
        </TopLink>
        <TopLink to="/assistance/mine" current={pathname.startsWith("/assistance/") && pathname !== "/assistance/queue"}>
          {t("frame.myRequests")}
        </TopLink>
        {me.erns.map((ern) => (
          <Menu key={ern.code} position="bottom-start">
            <Menu.Target>
              <Button variant={pathname.startsWith(`/erns/${ern.code}/`) || queueOf === ern.code ? "light" : "subtle"} radius={0}>
                {ern.code}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{`${ern.code} - ${ern.name}`}</Menu.Label>
              <Menu.Item component={Link} to={`/patients?ern=${encodeURIComponent(ern.code)}`}>
                {t("frame.patients")}
              </Menu.Item>
              <Menu.Item component={Link} to={`/erns/${encodeURIComponent(ern.code)}/preferences`}>
                {t("frame.preferences")}
              </Menu.Item>
              {dispatching.has(ern.code) && (
                <Menu.Item component={Link} to={`/assistance/queue?ern=${encodeURIComponent(ern.code)}`}>
                  {t("frame.assistanceQueue")}
                </Menu.Item>
              )}
              {coordinated.has(ern.code) && (
                <Menu.Item component={Link} to={`/erns/${encodeURIComponent(ern.code)}/thematic-areas`}>
                  {t("frame.thematicAreas")}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        ))}
      </Group>
    </nav>
  );
}

function Loading() {
  const { t } = useTranslation();
  return <Skeleton height={200} aria-label={t("loading")} />;
}

/**
 * A page of a CPMS member. `children` gets who they are in CPMS
 * (memberships, ERNs with their preferences set or not).
 */
export function CpmsFrame({ children, signedOut }: { children: (me: Me) => ReactNode; signedOut?: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const user = session.data?.user;
  const me = useMe(!!user);
  let content: ReactNode;
  if (session.isPending) content = <Loading />;
  else if (session.isError)
    content = (
      <Alert color="red" role="alert">
        {t("errors.unreachable")}
      </Alert>
    );
  else if (!user) content = signedOut ?? <SecureLogin returnTo={`${location.pathname}${location.search}`} />;
  else if (me.isPending) content = <Loading />;
  else if (me.isError)
    content = (
      <Alert color="red" role="alert" title={t("errors.title")}>
        {me.error.message}
      </Alert>
    );
  else if (me.data.memberships.length === 0) content = <NoRights />;
  else
    content = (
      <>
        <ErnLinks me={me.data} />
        {children(me.data)}
      </>
    );
  return (
    <PageFrame product={t("product")} right={session.data && <SignedInAs session={session.data} member={(me.data?.memberships.length ?? 0) > 0} />}>
      {content}
    </PageFrame>
  );
}
