/*
 * "Administration" of the sign-in service (/admin): its OpenID Connect
 * applications and its CAS services. For administrators only; the API asks
 * for a session that used a second factor, so the page sends the
 * administrator to confirm one first and back here.
 */
import { Alert, Divider, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { ApiError, api } from "../../../ui/api.ts";
import { CardPage } from "../../Frame.tsx";
import { useSession } from "../../session.ts";
import { AccountMenu } from "../AccountMenu.tsx";
import { useProtectedAction } from "../account/Reauthenticate.tsx";
import { ApplicationsSection, CLIENTS_KEY } from "./ApplicationsSection.tsx";
import { CasServicesSection, SERVICES_KEY } from "./CasServicesSection.tsx";
import type { CasService, Client } from "./types.ts";

const HERE = "/admin";

export function AdminPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { run, dialog } = useProtectedAction();
  const user = session.data?.user;
  const isAdmin = !!user && "isAdmin" in user && user.isAdmin === true;
  const clients = useQuery({ queryKey: CLIENTS_KEY, queryFn: () => api<{ clients: Client[] }>("/api/admin/clients"), enabled: isAdmin, retry: false });
  const services = useQuery({
    queryKey: SERVICES_KEY,
    queryFn: () => api<{ services: CasService[] }>("/api/admin/cas-services"),
    enabled: isAdmin,
    retry: false,
  });

  if (session.isPending) return <CardPage>{null}</CardPage>;
  if (!user) return <Navigate to={`/login?returnTo=${encodeURIComponent(HERE)}`} replace />;
  const error = [clients.error, services.error].find((caught) => caught instanceof ApiError);
  if (error instanceof ApiError && error.code === "step_up_required")
    return <Navigate to={`/step-up?acr=substantial&returnTo=${encodeURIComponent(HERE)}`} replace />;
  if (error instanceof ApiError && error.status === 401) return <Navigate to={`/login?returnTo=${encodeURIComponent(HERE)}`} replace />;

  return (
    <CardPage width={1040} right={<AccountMenu user={user} />}>
      <Stack gap="lg">
        {dialog}
        <Title order={2}>{t("admin.title")}</Title>
        {!isAdmin || error ? (
          <Alert color="red" role="alert">
            {isAdmin && error ? error.message : t("admin.notAdmin")}
          </Alert>
        ) : (
          <>
            <Text size="sm">{t("admin.intro")}</Text>
            {clients.data && <ApplicationsSection clients={clients.data.clients} run={run} />}
            <Divider />
            {services.data && <CasServicesSection services={services.data.services} run={run} />}
          </>
        )}
      </Stack>
    </CardPage>
  );
}
