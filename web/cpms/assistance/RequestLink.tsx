/*
 * /assistance/:id, where the notices about a request link: its handlers (the
 * ERN's Coordinators and Dispatchers) land on the ERN's queue with the
 * request open, its requester on "My requests for assistance". A request
 * the user may not see says so (the server answers 404 for it).
 */
import { Alert, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Navigate, useParams } from "react-router";
import { CpmsFrame } from "../Frame.tsx";
import { handlesRequests } from "./QueuePage.tsx";
import { useRequest } from "./queries.ts";

export function RequestLink() {
  const { t } = useTranslation("assistance");
  const { id = "" } = useParams();
  const found = useRequest(id);
  return (
    <CpmsFrame>
      {(me) => {
        if (found.isPending) return <Loader aria-label={t("loading")} />;
        if (found.isError)
          return (
            <Alert color="red" role="alert">
              {found.error.message}
            </Alert>
          );
        const { request } = found.data;
        if (handlesRequests(me, request.ernCode))
          return <Navigate to={`/assistance/queue?${new URLSearchParams({ ern: request.ernCode, status: request.status, request: request.id })}`} replace />;
        return <Navigate to="/assistance/mine" replace />;
      }}
    </CpmsFrame>
  );
}
