/* Patients: enrolment with consent, the record and its history, the lists, sharing, the access log. */
import type { Server } from "../../platform/http/server.ts";
import { recordRoutes } from "./record-routes.ts";

export async function patientRoutes(app: Server): Promise<void> {
  await recordRoutes(app);
}
