import { Navigate, Route, Routes } from "react-router";
import { assistanceRoutes } from "./assistance/routes.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { panelRoutes } from "./panels/routes.tsx";
import { patientRoutes } from "./patients/routes.tsx";
import { PreferencesPage } from "./preferences/PreferencesPage.tsx";
import { ThematicAreasPage } from "./preferences/ThematicAreasPage.tsx";

export function App() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      <Route path="/erns/:ern/preferences" element={<PreferencesPage />} />
      <Route path="/erns/:ern/thematic-areas" element={<ThematicAreasPage />} />
      {patientRoutes}
      {panelRoutes}
      {assistanceRoutes}
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
