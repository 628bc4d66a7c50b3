import { Navigate, Route, Routes } from "react-router";
import { HomePage } from "./pages/HomePage.tsx";
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
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
