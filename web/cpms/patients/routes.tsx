/* The patients' pages (/patients/**): a placeholder until the patient pages land. */
import { Alert } from "@mantine/core";
import { Route } from "react-router";
import { CpmsFrame } from "../Frame.tsx";

function PatientsPlaceholder() {
  return <CpmsFrame>{() => <Alert color="blue">The patient pages are coming soon.</Alert>}</CpmsFrame>;
}

export const patientRoutes = <Route path="/patients/*" element={<PatientsPlaceholder />} />;
