import { Navigate, Route, Routes } from "react-router";
import { ApprovalsPage } from "./approvals/ApprovalsPage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { UserDataPage } from "./pages/UserDataPage.tsx";
import { RequestAccessPage } from "./request/RequestAccessPage.tsx";

export function App() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      <Route path="/request-access" element={<RequestAccessPage />} />
      <Route path="/user-data" element={<UserDataPage />} />
      <Route path="/approvals" element={<ApprovalsPage />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
