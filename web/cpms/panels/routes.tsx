/* Placeholder: the panel pages, mounted by the app at /panels/* (filled in with the panels feature). */
import { Route } from "react-router";

export function PanelPages() {
  return null;
}

export const panelRoutes = <Route path="/panels/*" element={<PanelPages />} />;
