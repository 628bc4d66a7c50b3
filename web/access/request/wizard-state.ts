/*
 * What the "New application access" wizard has gathered so far. It lives in
 * sessionStorage, so going back and forth between the steps, the browser's
 * back button and a reload keep it; the step itself is in the address
 * (?step=2). Choosing another application starts the later steps afresh.
 */
import { useCallback, useState } from "react";
import type { OrganisationRow } from "../../../src/access/contract.ts";

export type Browse = { ern: string | null; country: string | null; search: string; page: number; perPage: number };

export type WizardState = {
  application: { id: string; name: string } | null;
  browse: Browse;
  organisation: Pick<OrganisationRow, "kind" | "id" | "label" | "path"> | null;
  profiles: { id: string; name: string }[];
  comment: string;
};

export const TOP: Browse = { ern: null, country: null, search: "", page: 1, perPage: 25 };
const EMPTY: WizardState = { application: null, browse: TOP, organisation: null, profiles: [], comment: "" };
const KEY = "access.new-application-access";

/** Forgets the answers (at Logout: the next user of this tab starts afresh). */
export function forgetWizard(): void {
  sessionStorage.removeItem(KEY);
}

function load(): WizardState {
  try {
    const stored = sessionStorage.getItem(KEY);
    return stored ? { ...EMPTY, ...(JSON.parse(stored) as Partial<WizardState>) } : EMPTY;
  } catch {
    return EMPTY;
  }
}

export function useWizardState() {
  const [state, setState] = useState<WizardState>(load);
  const update = useCallback((change: Partial<WizardState>) => {
    setState((previous) => {
      const next = { ...previous, ...change };
      if (change.application && change.application.id !== previous.application?.id) Object.assign(next, { browse: TOP, organisation: null, profiles: [] });
      sessionStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  const clear = useCallback(() => {
    forgetWizard();
    setState(EMPTY);
  }, []);
  return { state, update, clear };
}

/** The furthest step the gathered answers allow: a provider (not an ERN or a country) is needed for step 3. */
export function reachableStep(state: WizardState): number {
  if (!state.application) return 1;
  if (state.organisation?.kind !== "provider") return 2;
  if (state.profiles.length === 0) return 3;
  return 4;
}
