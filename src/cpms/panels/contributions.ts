/* Placeholder seam: the contributions the user may see in a panel (submitted ones, and their own draft). */
import type { Db } from "../../platform/db/database.ts";
import type { ContributionView, MessageView } from "./contract.ts";
import type { PanelAccess } from "./panel-access.ts";

export async function contributionsFor(_tx: Db, _access: PanelAccess): Promise<ContributionView[]> {
  return [];
}

export async function messagesFor(_tx: Db, _access: PanelAccess): Promise<MessageView[]> {
  return [];
}
