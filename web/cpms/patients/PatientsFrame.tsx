/* The frame of the patient pages: CPMS's own frame (menu, who is signed in, Logout). */
import type { ReactNode } from "react";
import { PageFrame } from "../../ui/PageFrame.tsx";

export function PatientsFrame({ children }: { children: ReactNode }) {
  return <PageFrame product="CPMS">{children}</PageFrame>;
}
