/* Placeholder seam: a panel's current outcome and the signed ones a reopening superseded. */
import type { Db } from "../../platform/db/database.ts";
import type { OutcomeView, PanelFileView } from "./contract.ts";
import type { PanelAccess } from "./panel-access.ts";

export async function outcomesFor(_tx: Db, _access: PanelAccess): Promise<{ current: OutcomeView | null; previous: OutcomeView[] }> {
  return { current: null, previous: [] };
}

export async function panelFilesFor(_tx: Db, _access: PanelAccess): Promise<PanelFileView[]> {
  return [];
}
