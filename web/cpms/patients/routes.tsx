/*
 * The patient pages of CPMS, mounted by the app at /patients/*:
 * - /patients?ern=EURACAN — the ERN's patient list, searched and filtered;
 * - /patients/enrol?ern=EURACAN — enrolment, consent for care first;
 * - /patients/:id — the patient's record, history, consents, attachments,
 *   shares and who accessed it.
 * Their texts are the "patients" namespace of the app's i18next.
 */
import i18n from "i18next";
import { Route, Routes } from "react-router";
import { EnrolPage } from "./enrol/EnrolPage.tsx";
import { PatientListPage } from "./list/PatientListPage.tsx";
import en from "./locales/en.json" with { type: "json" };
import { PatientPage } from "./patient/PatientPage.tsx";

i18n.addResourceBundle("en", "patients", en, true, true);

export function PatientPages() {
  return (
    <Routes>
      <Route index element={<PatientListPage />} />
      <Route path="enrol" element={<EnrolPage />} />
      <Route path=":id" element={<PatientPage />} />
    </Routes>
  );
}

/** For the app's <Routes>: <Route path="/patients/*" element={<PatientPages />} />, or spread as {patientRoutes}. */
export const patientRoutes = <Route path="/patients/*" element={<PatientPages />} />;
