/* Patients: enrolment with consent, the record and its history, the lists, sharing, the access log. */
import type { Server } from "../../platform/http/server.ts";

export async function patientRoutes(_app: Server): Promise<void> {}
