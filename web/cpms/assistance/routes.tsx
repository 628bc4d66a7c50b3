/*
 * The requests-for-assistance pages of CPMS, mounted by the app at /assistance/*:
 * - /assistance/new?patient=… — "Ask the ERN for assistance" about a patient;
 * - /assistance/mine — "My requests for assistance", withdrawn while waiting;
 * - /assistance/queue?ern=EURACAN — the ERN's queue, for its Coordinators
 *   and Dispatchers: assign a panel lead or decline;
 * - /assistance/:id — where notices about a request link.
 * Their texts are the "assistance" namespace of the app's i18next.
 */
import i18n from "i18next";
import { Navigate, Route, Routes } from "react-router";
import en from "./locales/en.json" with { type: "json" };
import { MyRequestsPage } from "./MyRequestsPage.tsx";
import { NewRequestPage } from "./NewRequestPage.tsx";
import { QueuePage } from "./QueuePage.tsx";
import { RequestLink } from "./RequestLink.tsx";

i18n.addResourceBundle("en", "assistance", en, true, true);

export function AssistancePages() {
  return (
    <Routes>
      <Route index element={<Navigate to="/assistance/mine" replace />} />
      <Route path="new" element={<NewRequestPage />} />
      <Route path="mine" element={<MyRequestsPage />} />
      <Route path="queue" element={<QueuePage />} />
      <Route path=":id" element={<RequestLink />} />
      <Route path="*" element={<Navigate to="/assistance/mine" replace />} />
    </Routes>
  );
}

export const assistanceRoutes = <Route path="/assistance/*" element={<AssistancePages />} />;
