/* Placeholder: the requests-for-assistance pages, mounted by the app at /assistance/* (filled in with the feature). */
import { Route } from "react-router";

export function AssistancePages() {
  return null;
}

export const assistanceRoutes = <Route path="/assistance/*" element={<AssistancePages />} />;
