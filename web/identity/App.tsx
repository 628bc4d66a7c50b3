import { Navigate, Route, Routes } from "react-router";
import { HomePage } from "./pages/HomePage.tsx";
import { LostPasswordPage } from "./pages/LostPasswordPage.tsx";
import { PrivacyPage } from "./pages/PrivacyPage.tsx";
import { RegisterPage } from "./pages/RegisterPage.tsx";
import { SetPasswordPage } from "./pages/SetPasswordPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";

export function App() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      <Route path="/login" element={<SignInPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/password/set" element={<SetPasswordPage />} />
      <Route path="/password/lost" element={<LostPasswordPage />} />
      <Route path="/privacy" element={<PrivacyPage />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
