import { Navigate, Route, Routes } from "react-router";
import { AuthenticatorAppsPage } from "./pages/account/AuthenticatorAppsPage.tsx";
import { ChangePasswordPage } from "./pages/account/ChangePasswordPage.tsx";
import { HistoryPage } from "./pages/account/HistoryPage.tsx";
import { MobileDevicesPage } from "./pages/account/MobileDevicesPage.tsx";
import { MyAccountPage } from "./pages/account/MyAccountPage.tsx";
import { PhonesPage } from "./pages/account/PhonesPage.tsx";
import { RecoveryCodesPage } from "./pages/account/RecoveryCodesPage.tsx";
import { SecurityKeysPage } from "./pages/account/SecurityKeysPage.tsx";
import { AdminPage } from "./pages/admin/AdminPage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { LostPasswordPage } from "./pages/LostPasswordPage.tsx";
import { PrivacyPage } from "./pages/PrivacyPage.tsx";
import { RegisterPage } from "./pages/RegisterPage.tsx";
import { SetPasswordPage } from "./pages/SetPasswordPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { StepUpPage } from "./pages/StepUpPage.tsx";

export function App() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      <Route path="/login" element={<SignInPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/password/set" element={<SetPasswordPage />} />
      <Route path="/password/lost" element={<LostPasswordPage />} />
      <Route path="/privacy" element={<PrivacyPage />} />
      <Route path="/step-up" element={<StepUpPage />} />
      <Route path="/account" element={<MyAccountPage />} />
      <Route path="/account/phones" element={<PhonesPage />} />
      <Route path="/account/security-keys" element={<SecurityKeysPage />} />
      <Route path="/account/authenticator-apps" element={<AuthenticatorAppsPage />} />
      <Route path="/account/mobile-devices" element={<MobileDevicesPage />} />
      <Route path="/account/password" element={<ChangePasswordPage />} />
      <Route path="/account/recovery-codes" element={<RecoveryCodesPage />} />
      <Route path="/account/history" element={<HistoryPage />} />
      <Route path="/admin" element={<AdminPage />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
