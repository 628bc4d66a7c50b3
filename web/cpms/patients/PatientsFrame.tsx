/* The frame of the patient pages: CPMS's own (who is signed in, the ERN menus, Sign out; Secure Login when signed out). */
import type { ReactNode } from "react";
import { CpmsFrame } from "../Frame.tsx";

export function PatientsFrame({ children }: { children: ReactNode }) {
  return <CpmsFrame>{() => children}</CpmsFrame>;
}
