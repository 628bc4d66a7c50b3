/*
 * Who may see and change a patient's record — the one place that decides,
 * for every route (patients, attachments, panels). Default deny; a refusal
 * is "Not found or no access", never revealing that the patient exists.
 */
import type { Db } from "../../platform/db/database.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";

export type PatientPurpose = "read" | "write";

export type PatientAccess = {
  patientId: string;
  ernCode: string;
  /** The user enrolled the patient (sees the local hospital number, the access log). */
  isEnroller: boolean;
  /** Why the user may see it: "own_hcp", "shared", "coordinator", "panel", … (for the audit). */
  reason: string;
};

export async function requirePatientAccess(_db: Db, _user: CpmsUser, _patientId: string, _purpose: PatientPurpose): Promise<PatientAccess> {
  // Filled in by the patients feature.
  throw new NotFound("Not found or no access.");
}
