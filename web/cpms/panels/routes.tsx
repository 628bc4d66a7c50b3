/*
 * The panel pages of CPMS:
 * - /panels — "My panels" (leading, member, invited, managing), by status;
 * - /panels/:id — a panel: overview, members, contributions, discussion, outcome;
 * - /patients/:id/panels/new — "Create a panel" on a patient.
 * Their texts are the "panels" namespace of the app's i18next.
 */
import i18n from "i18next";
import { Route, Routes } from "react-router";
import { PanelListPage } from "./list/PanelListPage.tsx";
import en from "./locales/en.json" with { type: "json" };
import { NewPanelPage } from "./new/NewPanelPage.tsx";
import { PanelPage } from "./panel/PanelPage.tsx";

i18n.addResourceBundle("en", "panels", en, true, true);

export function PanelPages() {
  return (
    <Routes>
      <Route index element={<PanelListPage />} />
      <Route path=":id" element={<PanelPage />} />
    </Routes>
  );
}

/** For the app's <Routes>: the panel pages, and "Create a panel" under the patient's address. */
export const panelRoutes = (
  <>
    <Route path="/panels/*" element={<PanelPages />} />
    <Route path="/patients/:id/panels/new" element={<NewPanelPage />} />
  </>
);
